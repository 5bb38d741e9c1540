"""Made documents kept in memory, keyed by everything they are made from.

A document is a function of the study's data (which holds the office profile it was made
with and the storage keys of its logo and photos; stored files are named by their SHA-256,
so a key always means the same bytes), the template (by its SHA-256: the office's version
in use, or the shipped file, so activating or reverting a version makes new keys), the
office's today (a letter without a date of its own is dated today), the numbers and dates of the
study's issued papers (which later papers cite) and the folder images are read from. The
key of a cached document is the SHA-256 of all of these, so a change to any of them makes
a new entry and a stale one is never served; old entries fall out least recently used
first, within ``RENDER_CACHE_MB`` megabytes per app (the app's setting, else the
environment's ``DOCGEN_RENDER_CACHE_MB``, else 64; 0 turns the cache off).

When several requests need the same document at once, one makes it and the others wait
for it, so twenty people downloading the same ZIP cost one rendering.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from flask import current_app

from docgen.catalog import Kind
from docgen.officetime import office_today
from docgen.render import TEMPLATE_DIR, RenderError, TemplateSource, template_source
from docgen.study import Study

T = TypeVar("T")
EXTENSION = "docgen_render_cache"
DEFAULT_MB = 64


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    size: int


class RenderCache:
    """A bounded, thread-safe LRU of made things, each made once even when asked for by
    several threads at the same time."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def _get(self, key: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def _put(self, key: str, value: T, size: int) -> None:
        with self._lock:
            if size > self.max_bytes or key in self._entries:
                return
            self._entries[key] = _Entry(value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self.size -= old.size

    def get_or_make(self, key: str, make: Callable[[], T], size: Callable[[T], int]) -> T:
        """The value kept under `key`, or `make()` (kept when it fits)."""
        if self.max_bytes <= 0:
            return make()
        entry = self._get(key)
        if entry is not None:
            return entry.value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            entry = self._get(key)
            if entry is not None:
                return entry.value
            try:
                with self._lock:
                    self.misses += 1
                value = make()
                self._put(key, value, size(value))
                return value
            finally:
                with self._lock:
                    self._making.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


def render_cache() -> RenderCache:
    """The cache of the current app."""
    cache = current_app.extensions.get(EXTENSION)
    if cache is None:
        megabytes = current_app.config.get("RENDER_CACHE_MB")
        if megabytes is None:
            megabytes = os.environ.get("DOCGEN_RENDER_CACHE_MB", DEFAULT_MB)
        cache = current_app.extensions.setdefault(
            EXTENSION, RenderCache(int(float(megabytes) * 2**20)))
    return cache


def template_sha256(kind: Kind, templates: Mapping[str, TemplateSource] | None = None) -> str:
    """The SHA-256 of the template that makes `kind`: the office's, given in `templates`
    (:func:`docgen.office_templates.active_sources`), else the shipped file (read again
    when it changes)."""
    if templates and kind.id in templates:
        return templates[kind.id].sha256
    try:
        return template_source(TEMPLATE_DIR / kind.template).sha256
    except OSError as exc:
        raise RenderError(kind.template,
                          f"template file cannot be read: {exc.strerror}") from None


def content_key(study: Study, kinds: Iterable[Kind], *parts: object,
                base_dir: Path | None = None, today: date | None = None,
                templates: Mapping[str, TemplateSource] | None = None) -> str:
    """The key of what `kinds` make from `study` today (the office's day, in its time
    zone) with `templates` (the office's version of a kind, by kind id; the shipped file
    for the others), with `parts` naming which (and the numbers and dates of the study's
    issued papers the documents cite, :func:`docgen.references.register_key`)."""
    digest = hashlib.sha256()
    digest.update(study.model_dump_json().encode())
    for value in (str(base_dir or ""), (today or office_today(study.office)).isoformat(),
                  *(f"{kind.id}:{template_sha256(kind, templates)}" for kind in kinds),
                  *parts):
        digest.update(b"\x00" + str(value).encode())
    return digest.hexdigest()
