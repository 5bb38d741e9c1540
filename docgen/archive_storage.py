"""Where issued files are kept: the :class:`Storage` protocol, the local folder
(:class:`LocalStorage`, written through a temporary file, fsync and rename), keeping rows and
files together (:func:`all_or_nothing`) and the error of a stored file that no longer matches
its SHA-256. :mod:`docgen.archive` offers these names too."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from docgen.home import docgen_home
from docgen.store.archive_models import ArchiveFile, ArchiveRecord

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Storage(Protocol):
    """Where issued files are kept. Keys are relative, slash-separated names."""

    def put(self, key: str, data: bytes) -> None:
        """Write `data` under `key` atomically: either the whole file is there or none."""

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def stored_keys(self) -> Iterator[str]:
        """Every stored key (not the leftovers of interrupted writes)."""

    def leftovers(self) -> Iterator[str]:
        """Temporary files of writes that never finished."""


_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
_TMP_PREFIX = ".tmp-"


class LocalStorage:
    """A local folder: ``root/<key>``, written through a temporary file, fsync and rename."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key) or ".." in key.split("/"):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_TMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if target.exists():
                raise FileExistsError(f"storage key already used: {key}")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def _files(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                yield path

    def stored_keys(self) -> Iterator[str]:
        for path in self._files():
            if not path.name.startswith(_TMP_PREFIX):
                yield path.relative_to(self.root).as_posix()

    def leftovers(self) -> Iterator[str]:
        for path in self._files():
            if path.name.startswith(_TMP_PREFIX):
                yield path.relative_to(self.root).as_posix()

    def age(self, name: str) -> float:
        """Seconds since the file (a key or a leftover's name) was last written; 0 when it
        is gone."""
        try:
            return max(0.0, time.time() - (self.root / name).stat().st_mtime)
        except OSError:
            return 0.0

    def delete_leftover(self, name: str) -> None:
        path = self.root / name
        if path.name.startswith(_TMP_PREFIX):
            path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def archive_dir(home: Path) -> Path:
    """Where issued documents are kept in the home folder."""
    return home / "archive"


def default_storage(home: Path | None = None) -> LocalStorage:
    return LocalStorage(archive_dir(home or docgen_home()))


@contextlib.contextmanager
def all_or_nothing(session: Session, storage: Storage) -> Iterator[list[str]]:
    """Commit the session's rows and keep the stored files together, or neither: the block
    appends the key of each file it is about to store; if anything fails, the session is
    rolled back and those files are deleted."""
    written: list[str] = []
    try:
        yield written
        session.commit()
    except BaseException:
        session.rollback()
        for key in written:
            with contextlib.suppress(OSError):
                storage.delete(key)
        raise

class FixityError(Exception):
    def __init__(self, record: ArchiveRecord, file: ArchiveFile | None = None):
        self.record = record
        self.file = file
        which = f"stored file {file.filename}" if file is not None else "stored file"
        super().__init__(f"record {record.id} ({record.number or record.kind}): "
                         f"{which} does not match its SHA-256")
