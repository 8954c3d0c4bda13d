"""Read the small hand-written CSV tables under data/raw with errors that name file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

from .atomic import unescape_cell
from .errors import InputError

MAX_TABLE_BYTES = 50 * 10**6  # hand-written tables are kilobytes; a larger one is the wrong file


def read_table(path: Path, required: tuple[str, ...], strip: bool = True) -> list[tuple[int, dict[str, str]]]:
    """Return (line number, row) pairs; refuse a missing file, missing columns or short rows.

    `strip=False` keeps values exactly as written (a correction's span may begin or end with a space).
    """
    from .guards import regular_file

    path = Path(path)
    if regular_file(path).st_size > MAX_TABLE_BYTES:
        raise InputError(path, f"is larger than {MAX_TABLE_BYTES // 10**6} MB; is it the right file?")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"{path}:1", f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}")
            rows = []
            for rec in reader:
                line = reader.line_num
                if None in rec or any(rec.get(c) is None for c in header):
                    fields = sum(rec.get(c) is not None for c in header) + len(rec.get(None, []))
                    what = "more" if fields > len(header) else "fewer"
                    raise InputError(
                        f"{path}:{line}",
                        f"has {fields} fields, {what} than the {len(header)} columns of the header"
                        + ("; quote values that hold commas" if what == "more" else ""),
                    )
                cells = {k: (v or "").strip() if strip else (v or "") for k, v in rec.items()}
                rows.append((line, {k: unescape_cell(v) for k, v in cells.items()}))
    except UnicodeDecodeError as exc:
        raise InputError(path, "is not UTF-8; save it as UTF-8") from exc
    except csv.Error as exc:
        raise InputError(path, f"is not valid CSV: {exc}") from exc
    return rows


def require(path: Path, line: int, row: dict[str, str], column: str) -> str:
    """The non-empty value of `column`, or an error naming file, line and column."""
    value = row.get(column, "")
    if not value:
        raise InputError(f"{path}:{line}", f"column '{column}' is empty")
    return value
