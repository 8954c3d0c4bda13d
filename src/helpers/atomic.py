"""Write generated files through a temporary file and a rename, so a crash never leaves half a file."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported only by the functions that need it: a rerun with nothing to do stays light
    import pandas as pd

# Every temporary file the project writes carries this tag and its writer's process id, so that a cleanup
# removes only the project's own leftovers, and only those of a process that is gone (never a user's file).
TAG = "~ind"
LEFTOVER_RE = re.compile(rf"^\..+\.{TAG}-(\d+)-.*\.(?:tmp|running\.ipynb)$")


def temp_prefix(name: str) -> str:
    """Start of a temporary file's name beside `name`, tagged with this process."""
    return f".{name}.{TAG}-{os.getpid()}-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    """Write bytes to `path` atomically (same-folder temporary file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are meant to be shared
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk or a lost permission: say which output could not be written
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text (LF line endings) atomically."""
    return write_bytes(path, text.encode("utf-8"))


# A text cell that starts like a formula is run by a spreadsheet that opens the CSV; a leading ' keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first), prefixed with '."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def unescape_cell(value: object) -> object:
    """One cell as it was before escape_cell (anything but text unchanged)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _each_text_cell(df: pd.DataFrame, fn: Callable[[object], object]) -> pd.DataFrame:
    """`df` with `fn` applied to every cell of its text columns (in place)."""
    from pandas.api.types import is_string_dtype

    for col in df.columns:
        if df[col].dtype == object or is_string_dtype(df[col]):
            df[col] = [fn(v) for v in df[col]]
    return df


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every formula-like text cell escaped (escape_cell)."""
    return _each_text_cell(df.copy(), escape_cell)


def unescape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """The cells escape_formulas wrote, as they were (for the project's own readers)."""
    return _each_text_cell(df, unescape_cell)


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    """Write a DataFrame as UTF-8 CSV atomically (no index), formula-like text cells escaped."""
    return write_text(path, escape_formulas(df).to_csv(index=False, lineterminator="\n"))


def alive(pid: int) -> bool:
    """Whether process `pid` is running (a zombie, which nobody has reaped yet, has stopped writing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    try:
        return "\tZ" not in Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]
    except (OSError, IndexError):  # no /proc (macOS): trust the signal test
        return True


def remove_leftovers(*folders: Path) -> list[Path]:
    """Delete the temporary files that a killed run of this project left behind (tagged, writer gone)."""
    removed = []
    for folder in folders:
        if Path(folder).exists():
            for p in Path(folder).rglob(f".*.{TAG}-*"):
                found = LEFTOVER_RE.match(p.name)
                if found and p.is_file() and not alive(int(found.group(1))):
                    p.unlink(missing_ok=True)
                    removed.append(p)
    return removed
