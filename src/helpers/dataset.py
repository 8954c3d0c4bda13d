"""From raw report to tidy indicators: clean, extract, match to the catalog, validate, write."""

from __future__ import annotations

import bisect
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.errors

from . import atomic, paths
from .catalog import Entry, Section, load_catalog, load_sections, match_entry, section_of
from .cleaning import CleanedReport, clean_text
from .corrections import load_corrections
from .errors import InputError
from .extraction import find_figures
from .repairs import repairs_frame
from .schema import COLUMNS, validate
from .sources import Report, load_manifest
from .textio import read_report


class NoFiguresWarning(UserWarning):
    """A report yielded no numeric indicator."""


@dataclass(frozen=True)
class Extraction:
    """Everything one report yields: tidy rows, the repair log, what was skipped, the cleaned text."""

    rows: pd.DataFrame
    repairs: pd.DataFrame
    skipped: pd.DataFrame
    cleaned: CleanedReport
    encoding: str


@dataclass(frozen=True)
class Reference:
    """The catalog and its sections, loaded once."""

    sections: list[Section]
    catalog: list[Entry]

    @property
    def section_ids(self) -> list[str]:
        """Every known section id."""
        return [s.section_id for s in self.sections]


def load_reference(data_dir: Path = paths.DATA_DIR) -> Reference:
    """Load sections.csv and catalog.csv from a data folder."""
    sections = load_sections(paths.sections_path(data_dir))
    return Reference(sections, load_catalog(paths.catalog_path(data_dir), sections))


def paragraph_sections(text: str, sections: list[Section]) -> list[tuple[int, int, str, str]]:
    """(start, end, section id, section title) of each paragraph; body paragraphs inherit the last heading."""
    out, pos, current, title = [], 0, "intro", ""
    for para in text.split("\n"):
        found = section_of(para, sections)
        if found is not None or para.startswith("聚力"):
            current = found.section_id if found is not None else "other"
            title = para.split("，")[0][:40]
        out.append((pos, pos + len(para), current, title))
        pos += len(para) + 1
    return out


def extract_text(
    text: str,
    region: str,
    year: int,
    ref: Reference,
    corrections: list | None = None,
    where: str | Path = "",
    encoding: str = "utf-8",
    corrections_path: str | Path = "",
) -> Extraction:
    """Clean one report's text and extract its indicators as validated tidy rows.

    `where` names the report in warnings and errors; `corrections_path` names the corrections file.
    """
    cleaned = clean_text(text, corrections, corrections_path or where)
    simple = cleaned.simplified
    figures, skipped = find_figures(simple, year)
    paras = paragraph_sections(simple, ref.sections)
    rows, seen = [], {}
    starts = [p[0] for p in paras]
    for f in figures:
        _, _, section, title = paras[bisect.bisect_right(starts, f.start) - 1]
        clause = f.source_phrase
        entry, note = match_entry(
            clause, f.start - f.phrase_start, f.end - f.phrase_start, f.unit, section, ref.catalog
        )
        if entry is not None and (entry.indicator_id, f.period) in seen:
            note = f"matches {entry.indicator_id}, already given by '{seen[(entry.indicator_id, f.period)]}'"
            entry = None
        if entry is not None:
            seen[(entry.indicator_id, f.period)] = f.source_phrase
        rows.append(
            {
                "region": region,
                "year": f.year,
                "report_year": year,
                "period": f.period,
                "section": section,
                "section_title": title,
                "indicator_id": entry.indicator_id if entry else None,
                "name_zh": entry.name_zh if entry else None,
                "name_en": entry.name_en if entry else None,
                "kind": entry.kind if entry else ("share" if f.unit == "%" else "money" if f.unit == "元" else None),
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "number_as_written": f.number_as_written,
                "source_phrase": f.source_phrase,
                "start": f.start,
                "end": f.end,
                "match_note": note or None,
            }
        )
    if not text.strip():
        warnings.warn(f"{where or region}: the report is empty", NoFiguresWarning, stacklevel=2)
    elif not rows:
        warnings.warn(f"{where or region}: no numeric indicator found in the report", NoFiguresWarning, stacklevel=2)
    df = pd.DataFrame(rows, columns=COLUMNS)
    try:
        df = validate(df, ref.section_ids)
    except pandera.errors.SchemaErrors as exc:
        raise InputError(
            where or region, f"extracted rows fail the schema: {exc.failure_cases.head(5).to_dict('records')}"
        ) from None
    repairs = repairs_frame(list(cleaned.repairs))
    repairs.insert(0, "encoding", encoding)
    repairs.insert(0, "year", year)
    repairs.insert(0, "region", region)
    skipped_df = pd.DataFrame(skipped, columns=["phrase", "reason"])
    return Extraction(df, repairs, skipped_df, cleaned, encoding)


def extract_report(report: Report, ref: Reference, data_dir: Path = paths.DATA_DIR) -> Extraction:
    """Read, clean and extract one registered report."""
    decoded = read_report(report.path)
    cpath = paths.corrections_path(report.region, report.year, data_dir)
    return extract_text(
        decoded.text, report.region, report.year, ref, load_corrections(cpath), report.path, decoded.encoding, cpath
    )


def build(data_dir: Path = paths.DATA_DIR) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, int], Extraction]]:
    """Extract every registered report: (indicators, repairs, per-report extractions)."""
    ref = load_reference(data_dir)
    per = {(r.region, r.year): extract_report(r, ref, data_dir) for r in load_manifest(data_dir)}
    frames = [e.rows for e in per.values()]
    indicators = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    indicators = validate(indicators, ref.section_ids)
    repairs = pd.concat([e.repairs for e in per.values()], ignore_index=True) if per else pd.DataFrame()
    return indicators, repairs, per


def write(
    data_dir: Path, indicators: pd.DataFrame, repairs: pd.DataFrame, per: dict[tuple[str, int], Extraction]
) -> list[Path]:
    """Write the processed dataset, repair log and cleaned texts, each atomically."""
    atomic.remove_leftovers(paths.processed_dir(data_dir))  # what an interrupted earlier write left
    written = [
        atomic.write_csv(paths.indicators_csv(data_dir), indicators),
        atomic.write_csv(paths.repairs_csv(data_dir), repairs),
    ]
    for (region, year), e in per.items():
        written.append(atomic.write_text(paths.cleaned_text_path(region, year, data_dir), e.cleaned.simplified))
    return written


def load_indicators(data_dir: Path = paths.DATA_DIR) -> pd.DataFrame:
    """Read the processed indicators table back, validated, with ids and names as strings."""
    path = paths.indicators_csv(data_dir)
    if not path.exists():
        raise InputError(path, "does not exist yet; run the 10-clean-indicators notebook (make report) first")
    df = pd.read_csv(path, dtype={"region": str, "period": str})
    return validate(df, load_reference(data_dir).section_ids)
