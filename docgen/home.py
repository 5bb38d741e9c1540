"""The service's home folder (``DOCGEN_HOME``): database, uploaded files, secret key.

``DOCGEN_HOME`` names it; without it, a per-user data folder of the operating system
(``~/.local/share/docgen`` on Linux, ``%LOCALAPPDATA%\\docgen`` on Windows).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

APP_NAME = "docgen"


def docgen_home(create: bool = True) -> Path:
    """The home folder, created (private to the user) when missing."""
    configured = os.environ.get("DOCGEN_HOME", "").strip()
    home = Path(configured).expanduser() if configured else Path(
        platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home.resolve()


def files_dir(home: Path) -> Path:
    """Where uploaded files are kept, named by their SHA-256."""
    return home / "files"


def private_secret(path: Path, nbytes: int = 32) -> str:
    """A random secret kept in `path` (mode 0600): made on first use, read afterwards."""
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = ""
    if value:
        return value
    value = secrets.token_hex(nbytes)
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value
