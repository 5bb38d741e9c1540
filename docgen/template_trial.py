"""Filling a template once with the example study, under tight render limits.

A template that passes every static check can still fail when it is filled (a list
printed where a name was meant, a loop that never ends). :func:`trial_render` renders it
as :func:`docgen.render.render_document` would, for the kind's first document of the
example study (the one abroad for a kind made only abroad), with at most
:data:`TRIAL_SECONDS` of time, and reports what stops it with the part and paragraph.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from docgen import render_limits
from docgen.template_problems import TemplateProblem, clip

log = logging.getLogger(__name__)

TRIAL_SECONDS = 3.0
"""Time a check gives the example render; shipped templates take well under 0.2 s."""


def trial_render(blob: bytes, kind: Any, names: set[str] | None = None
                 ) -> list[TemplateProblem]:
    """Problems met filling `blob` with the example study as `kind` (a catalog kind).
    `names`, the context names the lint found, spare the renderer finding them again."""
    from docgen import render
    from docgen.catalog import Kind
    from docgen.example import abroad_example_study, example_study
    from docgen.render import RenderError, TemplateSource, render_document

    if not isinstance(kind, Kind):
        return []  # an office's own kind: its context is the registry's to build
    study = abroad_example_study() if kind.abroad_only else example_study()
    source = TemplateSource(None, blob, hashlib.sha256(blob).hexdigest(), version=0)
    if names is not None:  # what render._names would compute, by a slower parse
        render._names_cache.setdefault(source.sha256, set(names))
    try:
        with render_limits.budget(seconds=TRIAL_SECONDS):
            render_document(study, kind, template=source,
                            item=0 if kind.fan_out != "none" else None)
    except RenderError as exc:
        limit = _limit(exc)
        part = ""  # the renderer names the paragraph, not the part
        if limit is not None:
            return [TemplateProblem(limit.code, part, clip(exc.paragraph),
                                    detail=str(limit), params=dict(limit.params))]
        return [TemplateProblem("template_runtime", part, clip(exc.paragraph),
                                detail=exc.detail[:300])]
    except (IndexError, KeyError, ValueError, TypeError, AttributeError) as exc:
        # the example has nothing for this item: not the template's fault
        log.info("trial render of %s skipped: %s", kind.id, exc)
    return []


def _limit(exc: BaseException) -> render_limits.RenderLimitExceeded | None:
    """The render limit behind a render error, if one is."""
    seen = 0
    cause = exc.__cause__ or exc.__context__
    while cause is not None and seen < 20:
        if isinstance(cause, render_limits.RenderLimitExceeded):
            return cause
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None
