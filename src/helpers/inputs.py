"""What each page reads, as digests: a page reruns only when something it reads changed.

A collection notebook (no `region` parameter) reads every raw file. A per-report page for region R and year N reads
the shared reference tables (catalog, sections, slogans, regions), R's reports up to N (texts, corrections and
manifest rows), R's decisions, and R's processed rows up to N (indicators and links): adding next year's report,
or another region's, changes none of that. Only the standard library is used, so that a run with nothing to do
starts no heavy import.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

from . import paths

SHARED = ("catalog.csv", "sections.csv", "slogans.csv", "regions.csv")


def _rows_by_region(path: Path, year_column: str) -> dict[str, list[tuple[int, str]]]:
    """(year, raw row) of a CSV file grouped by its `region` column; empty when the file does not exist."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    if not path.is_file():
        return out
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        if "region" not in header or year_column not in header:
            out["*"].append((0, path.read_text(encoding="utf-8", errors="replace")))  # unreadable: changes all
            return out
        r, y = header.index("region"), header.index(year_column)
        for row in reader:
            if len(row) > max(r, y):
                try:
                    year = int(row[y])
                except ValueError:
                    year = 0
                out[row[r]].append((year, "\x1f".join(row)))
    return out


class Inputs:
    """The digests of what each page reads, for one state of a data folder (read once per run)."""

    def __init__(self, data_dir: Path, include_processed: bool) -> None:
        raw = paths.raw_dir(data_dir)
        self.data_dir = Path(data_dir)
        self.every_raw = digest_files([p for p in raw.rglob("*") if p.is_file()], self.data_dir)
        self.shared = digest_files([raw / name for name in SHARED if (raw / name).is_file()], self.data_dir)
        self.tables = {
            "manifest": _rows_by_region(paths.manifest_path(data_dir), "year"),
            "decisions": _rows_by_region(paths.decisions_path(data_dir), "year"),
        }
        if include_processed:
            self.tables["indicators"] = _rows_by_region(paths.indicators_csv(data_dir), "report_year")
            self.tables["links"] = _rows_by_region(paths.links_csv(data_dir), "year")

    def for_page(self, region: str | None, year: int | None) -> str:
        """Digest of what a page reads: everything raw for a collection page, else the region's data up to `year`."""
        if not region or year is None:
            return self.every_raw
        h = hashlib.sha256(self.shared.encode())
        for name, table in sorted(self.tables.items()):
            h.update(name.encode())
            for y, row in sorted(table.get(region, []) + table.get("*", [])):
                if y <= year:
                    h.update(row.encode() + b"\n")
        folder = paths.reports_raw_dir(self.data_dir) / region
        files = [p for p in folder.glob("*") if p.is_file() and p.name.split(".")[0].isdigit()]
        h.update(digest_files([p for p in files if int(p.name.split(".")[0]) <= year], self.data_dir).encode())
        return h.hexdigest()


def digest_files(files: list[Path], root: Path) -> str:
    """One digest of the files' names (relative to `root`) and bytes."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
