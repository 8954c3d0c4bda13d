"""A ceiling on what a notebook's kernel may print, installed by the runner when the kernel boots."""

from __future__ import annotations

import sys
from typing import Any


class PrintLimitExceeded(Exception):
    """A notebook printed more than the runner allows."""


def cap_printing(limit: int) -> None:
    """Make `print` raise PrintLimitExceeded once stdout and stderr together took `limit` characters.

    A cell that prints without end would otherwise fill the kernel's memory and the worker's (ipykernel sends
    whatever 0.2 s of printing buffered as one message) until the per-cell timeout; raising fails the page at once.
    """
    used = [0]

    def capped(write: Any) -> Any:
        def write_capped(text: str, *args: Any, **kwargs: Any) -> Any:
            used[0] += len(text)
            if used[0] > limit:
                raise PrintLimitExceeded(f"the notebook printed more than {limit:,} characters")
            return write(text, *args, **kwargs)

        return write_capped

    def wrap() -> None:
        for stream in (sys.stdout, sys.stderr):
            stream.write = capped(stream.write)

    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # outside a kernel there is nothing to cap
        # IPython wraps `write` for each cell and restores it after, so the cap is put on as each cell starts.
        shell.events.register("pre_execute", wrap)
