"""Write generated files through a temporary file and a rename, so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    """Write bytes to `path` atomically (same-folder temporary file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are meant to be shared
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text (LF line endings) atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    """Write a DataFrame as UTF-8 CSV atomically (no index)."""
    return write_text(path, df.to_csv(index=False, lineterminator="\n"))


def remove_leftovers(*folders: Path) -> list[Path]:
    """Delete temporary files a killed run left behind (finished outputs are only ever renamed into place)."""
    removed = []
    for folder in folders:
        if Path(folder).exists():
            for p in [*Path(folder).rglob(".*.tmp"), *Path(folder).rglob(".*.running.ipynb")]:
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed
