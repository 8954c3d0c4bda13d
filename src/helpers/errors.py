"""The project's own error: bad input that a user can fix, reported in one line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input (file, row, column or parameter) with a message that says where and how to fix it."""

    def __init__(self, where: str | Path, message: str) -> None:
        self.where = str(where)
        self.message = message
        super().__init__(f"{self.where}: {message}")
