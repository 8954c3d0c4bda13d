"""The raw reports and their provenance manifest: which reports exist, where from, and are they intact."""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import paths
from .errors import InputError
from .tables import read_table, require

MANIFEST_COLUMNS = (
    "region",
    "year",
    "region_zh",
    "region_en",
    "province_zh",
    "province_en",
    "title",
    "author",
    "organisation",
    "published",
    "url",
    "accessed",
    "sha256",
    "synthetic",
    "notes",
)
# A region code names folders (data/raw/reports/<region>/, reports/<region>/): lower case, digits, - and _, and
# never `all`, the folder of the pages that cover every report (paths.COLLECTION).
REGION_RE = re.compile(rf"^(?!{paths.COLLECTION}$)[a-z0-9][a-z0-9_-]*$")
REGION_RULE = f"must be lower-case letters, digits, - or _ (and not {paths.COLLECTION!r})"


@dataclass(frozen=True)
class Report:
    """One raw report and its provenance record."""

    region: str
    year: int
    path: Path
    sha256: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        """True for a report made up for tests (never real data)."""
        return self.meta.get("synthetic") == "true"


def earlier_years(reports: list[Report], region: str, year: int) -> list[int]:
    """The report years of `region` before `year`, in order."""
    return sorted({r.year for r in reports if r.region == region and r.year < year})


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a regular file's bytes (a pipe or device in data/raw is refused, never read)."""
    from .guards import regular_file

    regular_file(path)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _date(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = require(path, line, row, column)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{path}:{line}", f"column '{column}': {value!r} is not a date (YYYY-MM-DD)") from None
    return value


def load_manifest(data_dir: Path = paths.DATA_DIR, verify: bool = True) -> list[Report]:
    """Read the manifest, check every row, and check that it and the report files agree."""
    mpath = paths.manifest_path(data_dir)
    reports: dict[tuple[str, int], Report] = {}
    for line, row in read_table(mpath, MANIFEST_COLUMNS):
        where = f"{mpath}:{line}"
        region = require(mpath, line, row, "region")
        if not REGION_RE.match(region):
            raise InputError(where, f"column 'region': {region!r} {REGION_RULE}")
        raw_year = require(mpath, line, row, "year")
        if not re.fullmatch(r"\d{4}", raw_year):
            raise InputError(where, f"column 'year': {raw_year!r} is not a four-digit year")
        year = int(raw_year)
        if (region, year) in reports:
            raise InputError(where, f"a second row for {region} {year}")
        digest = require(mpath, line, row, "sha256").lower()
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise InputError(where, "column 'sha256': not a 64-digit hex SHA-256")
        if row["synthetic"].lower() not in ("true", "false"):
            raise InputError(where, f"column 'synthetic': {row['synthetic']!r} must be true or false")
        row["synthetic"] = row["synthetic"].lower()  # a spreadsheet saves TRUE
        for col in ("title", "organisation", "region_zh", "region_en"):
            require(mpath, line, row, col)
        accessed = _date(mpath, line, row, "accessed")
        if row["published"] and _date(mpath, line, row, "published") > accessed:
            raise InputError(
                where, f"column 'published': {row['published']} is after 'accessed' ({accessed}); a date in the future?"
            )
        path = paths.report_text_path(region, year, data_dir)
        if not path.exists():
            raise InputError(
                where,
                f"names {path}, which does not exist",
            )
        reports[(region, year)] = Report(region, year, path, digest, row)
    root = paths.reports_raw_dir(data_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p != mpath):
        depth = len(path.relative_to(root).parts)
        if path.suffix.lower() == ".txt":  # 2023.TXT or reports/2024.txt would otherwise be left out unseen
            if depth != 2 or path.suffix != ".txt" or not re.fullmatch(r"\d{4}", path.stem):
                raise InputError(path, "report files are named <region>/<year>.txt (for example shuangliao/2024.txt)")
            if (path.parent.name, int(path.stem)) not in reports:
                raise InputError(path, f"has no provenance row in {mpath}; add one (its sha256 is {sha256_of(path)})")
        elif path.name.endswith(".corrections.csv"):
            year = path.name.removesuffix(".corrections.csv")
            if depth != 2 or not year.isdigit() or (path.parent.name, int(year)) not in reports:
                warnings.warn(f"{path}: corrections for no registered report; ignored", stacklevel=2)
    out = sorted(reports.values(), key=lambda r: (r.region, r.year))
    if verify:
        for r in out:
            verify_checksum(r)
    return out


def verify_checksum(report: Report) -> None:
    """Refuse a raw file whose bytes no longer match its recorded SHA-256."""
    actual = sha256_of(report.path)
    if actual != report.sha256:
        raise InputError(
            report.path,
            f"checksum mismatch: the manifest records {report.sha256[:12]}…, the file is {actual[:12]}…; "
            "raw files are never edited (put fixes in the corrections file); "
            "if this is a new copy, update the manifest",
        )


def find_report(reports: list[Report], region: str, year: int) -> Report:
    """The report for (region, year), or an error listing what exists."""
    for r in reports:
        if r.region == region and r.year == year:
            return r
    regions = sorted({r.region for r in reports})
    if region not in regions:
        raise InputError("region", f"unknown region {region!r}; available: {', '.join(regions) or 'none'}")
    years = [str(r.year) for r in reports if r.region == region]
    raise InputError("year", f"no {region} report for {year}; available years: {', '.join(years)}")


def registered_report(data_dir: Path, path: Path) -> Report | None:
    """The manifest's report whose raw file is `path`, if it is one (its corrections and author then apply)."""
    try:
        target = Path(path).resolve()
        reports = load_manifest(data_dir, verify=False) if paths.manifest_path(data_dir).exists() else []
    except (InputError, OSError):
        return None
    return next((r for r in reports if r.path.resolve() == target), None)


def _known_region_names(reports: list[Report], region: str, meta: dict[str, str]) -> dict[str, str]:
    """Fill the names a known region already has; a new region must bring its own."""
    earlier = [r for r in reports if r.region == region]
    meta = dict(meta)
    for name in ("organisation", "region_zh", "region_en", "province_zh", "province_en"):
        if not meta.get(name) and earlier:
            meta[name] = earlier[-1].meta.get(name, "")
        if not meta.get(name) and name in ("organisation", "region_zh", "region_en"):
            raise InputError(f"--{name.replace('_', '-')}", f"is needed for the new region {region!r}")
    return meta


def register_report(
    data_dir: Path, source: Path, region: str, year: int, meta: dict[str, str], accessed: str | None = None
) -> Report:
    """Copy a report byte-identical to data/raw/reports/<region>/<year>.txt and add its manifest row."""
    import csv
    import io

    from . import atomic
    from .guards import exclusive, read_capped
    from .textio import MAX_REPORT_BYTES, decode_report

    if not paths.raw_dir(data_dir).is_dir():  # a mistyped --data-dir must not start a new tree
        raise InputError("--data-dir", f"{data_dir} is not a data folder (it has no raw/ sub-folder)")
    data = read_capped(source, MAX_REPORT_BYTES, "report")  # read once: what is checked is what is copied
    if not data.strip() or not decode_report(data, source).text.strip():
        raise InputError(source, "is empty; there is nothing to register")
    if not REGION_RE.match(region):
        raise InputError("--region", f"{region!r} {REGION_RULE}")
    today = date.today().isoformat()
    for option, when in (("--published", meta.get("published", "")), ("--accessed", accessed or "")):
        if when and when > today:  # ISO dates compare as text; a malformed one is refused with the row below
            raise InputError(option, f"{when} is after today ({today}); a date in the future?")
    target = paths.report_text_path(region, year, data_dir)
    mpath = paths.manifest_path(data_dir)
    mpath.parent.mkdir(parents=True, exist_ok=True)
    # One writer of the manifest at a time: a second `register` waits its turn instead of losing a row.
    with exclusive(mpath.parent, "another registration", wait=120):
        if target.exists():
            raise InputError(target, "already exists; raw reports are never overwritten")
        # Read under the lock: another registration may be between copying its file and adding its row.
        known = load_manifest(data_dir, verify=False) if mpath.exists() else []
        digest = hashlib.sha256(data).hexdigest()
        same = [r for r in known if r.sha256 == digest]
        if same:  # one text for two reports is a slip (the wrong file, or the wrong --year)
            raise InputError(source, f"is the same text as the registered {same[0].region} {same[0].year} report")
        meta = _known_region_names(known, region, meta)
        row = {c: "" for c in MANIFEST_COLUMNS} | {k: v for k, v in meta.items() if k in MANIFEST_COLUMNS}
        row |= {
            "region": region,
            "year": str(year),
            "sha256": digest,
            "accessed": accessed or today,
            "synthetic": meta.get("synthetic", "false"),
        }
        existing = mpath.read_text(encoding="utf-8") if mpath.exists() else ",".join(MANIFEST_COLUMNS) + "\n"
        # The row follows the file's own header: a spreadsheet may have reordered the columns or added one.
        header = [h.lstrip("\ufeff") for h in next(csv.reader(io.StringIO(existing)), [])] or MANIFEST_COLUMNS
        buf = io.StringIO()
        escaped = {k: atomic.escape_cell(v) for k, v in row.items()}  # a title like =HYPERLINK(…) stays text
        csv.DictWriter(buf, fieldnames=header, lineterminator="\n", restval="", extrasaction="ignore").writerow(escaped)
        new_folder = not target.parent.exists()

        def roll_back() -> None:
            """Leave data/raw as it was: no report file, no new folder, the manifest as it was read."""
            target.unlink(missing_ok=True)
            if new_folder and target.parent.is_dir() and not any(target.parent.iterdir()):
                target.parent.rmdir()
            if mpath.exists() and mpath.read_text(encoding="utf-8") != existing:
                atomic.write_text(mpath, existing)

        try:
            atomic.write_bytes(target, data)  # byte for byte, through a temporary file
            atomic.write_text(mpath, existing.rstrip("\n") + "\n" + buf.getvalue())
            return next(r for r in load_manifest(data_dir, verify=True) if r.region == region and r.year == year)
        except InputError as exc:  # the row was refused: say what was wrong with it, not the line
            roll_back()
            raise InputError(
                "register", f"the new manifest row was refused ({exc.message}); nothing was registered"
            ) from None
        except BaseException:  # a full disk, a signal: a report without its row would block every later run
            roll_back()
            raise
