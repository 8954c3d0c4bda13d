"""Where a run's kernels keep their connection files (each holds its kernel's key), and their removal.

A module of its own, light to import: every run removes what killed runs left, even one with nothing to do.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from . import atomic

KERNEL_FILES = "gik-run-"  # + the runner's PID: the folder of its kernels' connection files, under the temp dir


def kernel_files_dir(runner: int) -> Path:
    """Where the kernels of the run in process `runner` keep their connection files."""
    return Path(tempfile.gettempdir()) / f"{KERNEL_FILES}{runner}"


def remove_kernel_files(runner: int) -> None:
    """Remove this run's connection-file folder, and those of runs whose process is gone (killed with SIGKILL: a
    worker killed mid-notebook leaves its kernel's file behind)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_FILES}*"):
        pid = folder.name.removeprefix(KERNEL_FILES)
        st = folder.lstat()
        mine = stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
        if pid.isdigit() and (int(pid) == runner or not atomic.alive(int(pid))) and mine:
            shutil.rmtree(folder, ignore_errors=True)
