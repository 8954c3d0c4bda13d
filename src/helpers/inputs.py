"""What each page reads, as digests: a page reruns only when something it reads changed.

Each notebook declares what it reads (its `io` metadata, names of `paths.READS`); this module turns those names into
digests of files and rows. A per-report page for region R and year N that reads `region-reports` sees R's reports up
to N (texts, corrections, manifest rows) and R's decisions; `region-processed` is R's processed rows up to N: adding
next year's report, or another region's, changes none of that. Only the standard library is used, so that a run
with nothing to do starts no heavy import.
"""

from __future__ import annotations

import copy
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
    """The digests of what each page reads, for one state of a data folder (each table read once per run)."""

    def __init__(self, data_dir: Path, include_processed: bool = True) -> None:
        raw = paths.raw_dir(data_dir)
        self.data_dir = Path(data_dir)
        self._memo: dict[tuple[str, str, int], str] = {}
        self._files: dict[str, list[tuple[int, str, str]]] = {}
        self.every_raw = digest_files([p for p in raw.rglob("*") if p.is_file()], self.data_dir)
        self.shared = digest_files([raw / name for name in SHARED if (raw / name).is_file()], self.data_dir)
        self.tables = {
            "region-reports": {
                "manifest": _rows_by_region(paths.manifest_path(data_dir), "year"),
                "decisions": _rows_by_region(paths.decisions_path(data_dir), "year"),
            },
            "region-processed": {},
        }
        self.every_processed = ""
        if include_processed:  # before the collection notebooks have run, processed rows are not read yet
            self._read_processed()

    def with_processed(self) -> Inputs:
        """The same raw inputs (not read again) with processed/ as it is now: after the writers have run."""
        out = copy.copy(self)
        out.tables = dict(self.tables)
        out._memo = {k: v for k, v in self._memo.items() if not k[0].endswith("processed")}
        out._read_processed()
        return out

    def _read_processed(self) -> None:
        """Read the processed tables a page's fingerprint covers."""
        folder = paths.processed_dir(self.data_dir)
        # hidden names (.gitkeep, a writer's temporary files) are not data
        tables = [
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        ]
        self.every_processed = digest_files(tables, self.data_dir)
        self.tables["region-processed"] = {
            "indicators": _rows_by_region(paths.indicators_csv(self.data_dir), "report_year"),
            "links": _rows_by_region(paths.links_csv(self.data_dir), "year"),
        }

    def digest(self, reads: tuple[str, ...], region: str | None, year: int | None) -> str:
        """Digest of the named inputs (paths.READS) for a page of `region` and `year` (None for a collection page)."""
        h = hashlib.sha256()
        for name in reads:
            h.update(name.encode() + b"\0")
            if name == "raw":
                h.update(self.every_raw.encode())
            elif name == "reference":
                h.update(self.shared.encode())
            elif name == "processed":
                h.update(self.every_processed.encode())
            elif region is not None and year is not None:
                h.update(self._region(name, region, year).encode())
        return h.hexdigest()

    def _region(self, name: str, region: str, year: int) -> str:
        """Digest of one region's rows (and, for `region-reports`, its report files) up to `year`."""
        key = (name, region, year)
        if key not in self._memo:  # each language's page of a report reads the same: digested once per run
            self._memo[key] = self._digest_region(name, region, year)
        return self._memo[key]

    def _digest_region(self, name: str, region: str, year: int) -> str:
        h = hashlib.sha256()
        for table_name, table in sorted(self.tables[name].items()):
            h.update(table_name.encode())
            for y, row in sorted(table.get(region, []) + table.get("*", [])):
                if y <= year:
                    h.update(row.encode() + b"\n")
        if name == "region-reports":
            for file_year, name_, digest in self._report_files(region):
                if file_year <= year:
                    h.update(name_.encode() + b"\0" + digest.encode())
        return h.hexdigest()

    def _report_files(self, region: str) -> list[tuple[int, str, str]]:
        """(year, name, digest of the bytes) of every file of a region's report folder, read once per run."""
        if region not in self._files:
            found = report_files(self.data_dir, region)
            self._files[region] = [(y, p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for y, p in found]
        return self._files[region]


def report_files(data_dir: Path, region: str) -> list[tuple[int, Path]]:
    """(year, path) of every file of a region's report folder (texts, corrections): named by their year."""
    folder = paths.reports_raw_dir(data_dir) / region
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    return [(int(p.name.split(".")[0]), p) for p in files if p.is_file() and p.name.split(".")[0].isdigit()]


def declared_files(name: str, data_dir: Path, region: str | None = None, year: int | None = None) -> set[Path]:
    """The files a declared read stands for (paths.READS), for a page of `region` and `year`: what the digests
    above cover, file by file (of a shared table, a page's digest covers its own region's rows only)."""
    raw, processed = paths.raw_dir(data_dir), paths.processed_dir(data_dir)
    if name == "raw":
        return {p for p in raw.rglob("*") if p.is_file()}
    if name == "reference":
        return {raw / n for n in SHARED}
    if name == "processed":
        return {p for p in processed.rglob("*") if p.is_file() and not p.name.startswith(".")}
    if name == "region-processed":
        return {paths.indicators_csv(data_dir), paths.links_csv(data_dir)}
    if name == "region-reports" and region is not None and year is not None:
        reports = {p for y, p in report_files(data_dir, region) if y <= year}
        return reports | {paths.manifest_path(data_dir), paths.decisions_path(data_dir)}
    return set()


def digest_files(files: list[Path], root: Path) -> str:
    """One digest of the files' names (relative to `root`) and bytes."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
