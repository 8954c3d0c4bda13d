"""Guards around files: read only regular files and only so much, never write onto an input, one writer at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError


def regular_file(path: Path) -> os.stat_result:
    """The file's status; a FIFO, device, socket or folder is refused (reading one would hang or never end)."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is not a regular file (a pipe, device or socket); give a saved text file")
    return st


def read_capped(path: Path, cap: int, what: str = "file") -> bytes:
    """At most `cap` bytes of a regular file; more is refused (the size is read, not trusted from stat)."""
    regular_file(path)
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise InputError(
            path, f"is larger than {cap // 10**6} MB; a {what} above that is refused (is it the right file?)"
        )
    return data


def refuse_output(out: Path, inputs: list[Path], data_dir: Path | None = None, option: str = "--out") -> Path:
    """`out`, unless it is one of the `inputs`, lies in the data folder's raw/ (raw files are never written), is a
    folder, a device or pipe, or a symbolic link (an atomic write replaces the link itself: `--out /dev/stdout`
    run as root turned the system's link into a file)."""
    if Path(out).is_symlink():
        raise InputError(option, f"{out} is a symbolic link (to {os.readlink(out)}); name the file itself")
    target = Path(out).resolve()
    for given in inputs:
        if Path(given).exists() and target == Path(given).resolve():
            raise InputError(option, f"{out} is the input file itself; choose another file name")
    if data_dir is not None:
        raw = (Path(data_dir) / "raw").resolve()
        if target == raw or raw in target.parents:
            raise InputError(option, f"{out} is inside {raw}, which holds the raw inputs; write elsewhere")
    if target.is_dir():
        raise InputError(option, f"{out} is a folder; give a file name")
    if target.exists() and not stat.S_ISREG(os.stat(target).st_mode):
        raise InputError(option, f"{out} is not a regular file (a device or pipe); give a file name")
    return target


def refuse_reports_folder(out: Path, data_dir: Path, sources: tuple[Path, ...] = ()) -> None:
    """A reports folder never lies inside the data folder's raw/ or processed/ (both belong to the data), and
    never holds the data folder or the `sources` (notebooks, code): a run cleans up and writes all over its
    folder (`--out /` walked the whole file system, `--out .` wrote pages among the project's files)."""
    target = Path(out).resolve()
    for part in ("raw", "processed"):
        inner = (Path(data_dir) / part).resolve()
        if target == inner or inner in target.parents:
            raise InputError("--out", f"{out} is inside {inner}; write the reports elsewhere (default: reports/)")
    for held in (Path(data_dir), *sources):
        held = held.resolve()
        if target == held or target in held.parents:
            what = "is" if target == held else "holds"
            own = "give the reports a folder of their own (default: reports/)"
            raise InputError("--out", f"{out} {what} {held}; {own}")


@contextlib.contextmanager
def exclusive(folder: Path, what: str, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the folder itself: no lock file is left anywhere) while writing into it.

    A second writer waits up to `wait` seconds, then is refused with a message that names the folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(folder, f"{what} is already in progress here; wait for it to finish") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock
