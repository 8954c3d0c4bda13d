"""Manual corrections of damage code cannot repair: a per-report CSV of original span -> replacement + reason."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .repairs import Repair
from .tables import read_table

COLUMNS = ("original", "replacement", "reason")


@dataclass(frozen=True)
class Correction:
    """One manual fix: `original` must occur exactly once in the raw report text."""

    original: str
    replacement: str
    reason: str
    row: int


def load_corrections(path: Path) -> list[Correction]:
    """Read a corrections file; a missing file means no corrections."""
    path = Path(path)
    if not path.exists():
        return []
    out = []
    for line, row in read_table(path, COLUMNS, strip=False):
        for col in ("original", "reason"):
            if not row[col].strip():
                raise InputError(f"{path}:{line}", f"column '{col}' is empty")
        out.append(Correction(row["original"], row["replacement"], row["reason"].strip(), line))
    return out


def apply_corrections(
    text: str, corrections: list[Correction], where: str | Path
) -> tuple[str, list[Repair], list[tuple[int, int, Correction]]]:
    """Apply corrections to the raw text; each original must occur exactly once."""
    spans = []
    for c in corrections:
        count = text.count(c.original)
        if count != 1:
            raise InputError(
                f"{where}:{c.row}",
                f"original {c.original!r} occurs {count} times in the report; it must occur exactly once "
                "(lengthen the span to make it unique)",
            )
        start = text.index(c.original)
        spans.append((start, start + len(c.original), c))
    spans.sort(key=lambda s: s[0])
    for (_, end_a, a), (start_b, _, b) in itertools.pairwise(spans):
        if start_b < end_a:
            raise InputError(f"{where}:{b.row}", f"overlaps the correction in row {a.row}")
    repairs, out, pos = [], [], 0
    for start, end, c in spans:
        out.append(text[pos:start])
        out.append(c.replacement)
        repairs.append(Repair("correction", "corrected", start, c.original, c.replacement, f"row {c.row}: {c.reason}"))
        pos = end
    out.append(text[pos:])
    return "".join(out), repairs, spans
