"""Manual corrections of damage code cannot repair: a per-report CSV of original span -> replacement + reason."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .repairs import Repair

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
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
        out = []
        for i, rec in enumerate(reader, start=2):
            for col in ("original", "reason"):
                if not (rec.get(col) or "").strip():
                    raise InputError(f"{path}:{i}", f"column '{col}' is empty")
            out.append(Correction(rec["original"], rec["replacement"] or "", rec["reason"].strip(), i))
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
