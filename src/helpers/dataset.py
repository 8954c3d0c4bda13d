"""From raw report to tidy indicators: clean, extract, match to the catalog, validate, write."""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pandera.errors

from . import atomic, paths
from .catalog import (
    Entry,
    Section,
    load_catalog,
    load_sections,
    load_slogans,
    match_entry,
    own_heading,
    section_of,
)
from .cleaning import CleanedReport, clean_text
from .corrections import load_corrections
from .decisions import load_decisions
from .errors import InputError
from .extraction import find_figures
from .headings import heading_level
from .linking import (
    LINK_COLUMNS,
    assign_series,
    containment,
    link_region,
    match_text,
    period_type,
    similarity,
)
from .regions import load_headlines
from .repairs import repairs_frame
from .schema import COLUMNS, TEXT_COLUMNS, validate
from .sources import Report, load_manifest
from .subjects import based_subject, resolve, without_place
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
    contexts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """The catalog, its sections and the list of fixed phrases that are not figures, loaded once."""

    sections: list[Section]
    catalog: list[Entry]
    slogans: tuple[str, ...] = ()
    headlines: dict[str, str] = field(default_factory=dict)  # region → headline indicator (regions.csv)

    @property
    def section_ids(self) -> list[str]:
        """Every known section id."""
        return [s.section_id for s in self.sections]


def load_reference(data_dir: Path = paths.DATA_DIR) -> Reference:
    """Load sections.csv, catalog.csv, and slogans.csv and regions.csv (both optional) from a data folder."""
    sections = load_sections(paths.sections_path(data_dir))
    slogans_file = paths.slogans_path(data_dir)
    slogans = load_slogans(slogans_file) if slogans_file.exists() else ()
    catalog = load_catalog(paths.catalog_path(data_dir), sections)
    regions_file = paths.regions_path(data_dir)
    ids = {e.indicator_id for e in catalog}
    headlines = load_headlines(regions_file, ids) if regions_file.exists() else {}
    return Reference(sections, catalog, slogans, headlines)


def paragraph_sections(text: str, sections: list[Section], region: str = "") -> list[tuple[int, int, str, str]]:
    """(start, end, section id, section title) of each paragraph; body paragraphs inherit the last heading.

    A heading either matches a section of sections.csv (the catalog's sections) or is any numbered heading
    or lead phrase, which starts an `other` section titled by its words.
    """
    out, pos, current, title = [], 0, "intro", ""
    for para in text.split("\n"):
        found = section_of(para, sections, region)
        if found is not None or heading_level(para) is not None:
            current = found.section_id if found is not None else "other"
            title = re.split("[，。：；]", para.strip())[0][:40]
        out.append((pos, pos + len(para), current, title))
        pos += len(para) + 1
    return out


def kind_of(unit: str, role: str) -> str:
    """count, share (a % level or a change in percentage points), rate (a % change) or money."""
    if unit == "%":
        return "rate" if role == "change" else "share"
    return {"个百分点": "share", "元": "money"}.get(unit, "count")


def extract_text(
    text: str,
    region: str,
    year: int,
    ref: Reference,
    corrections: list | None = None,
    where: str | Path = "",
    encoding: str = "utf-8",
    corrections_path: str | Path = "",
    author: str = "",
    place: str = "",
) -> Extraction:
    """Clean one report's text and extract its figures as validated tidy rows.

    `where` names the report in warnings and errors; `corrections_path` names the corrections file; `author` is
    the manifest's author. A figure the schema refuses is skipped with its reason; it never stops the build.
    """
    cleaned = clean_text(text, corrections, corrections_path or where, author)
    simple = cleaned.simplified
    figures, skipped = find_figures(simple, year, ref.slogans)
    subjects = [
        replace(s, subject=without_place(s.subject, place), denominator=without_place(s.denominator, place))
        for s in resolve(simple, figures)
    ]  # `place`: the manifest's name of the region (双辽市), said in some years and not in others
    paras = paragraph_sections(simple, ref.sections, region)
    starts = [p[0] for p in paras]
    rows = []
    for f, s in zip(figures, subjects, strict=True):
        _, _, section, title = paras[bisect.bisect_right(starts, f.start) - 1]
        entry = match_entry(s.subject, s.denominator, f.unit, ref.catalog) if f.role == "level" else None
        rows.append(
            {
                "region": region,
                "year": f.year,
                "report_year": year,
                "period": f.period,
                "role": f.role,
                "section": figure_section(section, title, entry.section if entry else None),
                "section_title": title,
                "indicator_id": entry.indicator_id if entry else None,
                "series": None,
                "name_zh": None,
                "name_en": None,
                "kind": entry.kind if entry else kind_of(f.unit, "change" if f.moves else f.role),
                "subject": based_subject(s.subject, f.base),
                "denominator": s.denominator,
                "value": f.value,
                "value_high": f.value_high,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "number_as_written": f.number_as_written,
                "phrase": s.phrase,
                "source_phrase": f.source_phrase,
                "start": f.start,
                "end": f.end,
                "match_note": None,
            }
        )
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = _match_by_similarity(df, ref.catalog)
    df = _mark_restatements(_mark_headline_repeats(df, simple))
    df = _one_figure_per_id(df)
    df = name_indicators(df, ref.catalog)
    contexts = [s.context for s in subjects]
    if not text.strip():
        warnings.warn(f"{where or region}: the report is empty", NoFiguresWarning, stacklevel=2)
    elif df.empty:
        warnings.warn(f"{where or region}: no numeric indicator found in the report", NoFiguresWarning, stacklevel=2)
    df, refused = validate_rows(df, ref.section_ids)
    keep = set(df.index)
    contexts = [c for i, c in enumerate(contexts) if i in keep]
    df = df.reset_index(drop=True)
    skipped += refused
    repairs = repairs_frame(list(cleaned.repairs))
    repairs.insert(0, "encoding", encoding)
    repairs.insert(0, "year", year)
    repairs.insert(0, "region", region)
    skipped_df = pd.DataFrame(skipped, columns=["phrase", "reason"])
    return Extraction(df, repairs, skipped_df, cleaned, encoding, tuple(contexts))


def _match_by_similarity(df: pd.DataFrame, catalog: list[Entry]) -> pd.DataFrame:
    """Levels no phrasing names exactly: the catalog entry whose phrasing is clearly the most similar, if any.

    选派干部到村担任第一书记 finds 全覆盖选派干部到村担任第一书记; a near tie between two entries is reported, not
    resolved.
    """
    todo = df.index[df["indicator_id"].isna() & (df["role"] == "level")]
    if not len(todo) or not catalog:
        return df
    phrasings = [(e, p) for e in catalog for p in e.subjects]
    labels = [
        f"{s}占{d}" if d else s for s, d in zip(df.loc[todo, "subject"], df.loc[todo, "denominator"], strict=True)
    ]
    texts, names = [match_text(x) for x in labels], [match_text(p) for _, p in phrasings]
    sim = similarity(texts, names)
    # A long subject written whole inside a phrasing (选派干部到村担任第一书记 in 全覆盖选派…、党建指导员) is the
    # same indicator with fewer words; a short one (女党员 in 发展女党员) may be a narrower group, so not.
    for row, x in enumerate(texts):
        if len(x) >= 8:
            sim[row] = [max(s, 0.9 * containment(x, n)) for s, n in zip(sim[row], names, strict=True)]
    units = df.loc[todo, "unit"].tolist()  # read once: a cell lookup per row and phrasing made this the hot spot
    for row, i in enumerate(todo):
        best: dict[str, float] = {}
        for col, (entry, _) in enumerate(phrasings):
            if entry.unit == units[row]:
                best[entry.indicator_id] = max(best.get(entry.indicator_id, 0.0), float(sim[row, col]))
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] < CATALOG_SIMILARITY:
            continue
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.1:
            df.at[i, "match_note"] = f"close to {ranked[0][0]} and {ranked[1][0]}; left to linking"
            continue
        entry = next(e for e in catalog if e.indicator_id == ranked[0][0])
        df.at[i, "indicator_id"] = entry.indicator_id
        df.at[i, "section"] = figure_section(df.at[i, "section"], df.at[i, "section_title"], entry.section)
        df.at[i, "kind"] = entry.kind
        df.at[i, "match_note"] = f"catalog phrasing by similarity ({ranked[0][1]:.2f})"
    return df


# A subject this similar to one catalog phrasing (and clearly less to any other) takes its id.
CATALOG_SIMILARITY = 0.8
REPEAT_NOTE = "repeats a figure of the body (headline)"
# A paragraph quoted twice (a news lead, then the communiqué it quotes): the second statement is the first one.
RESTATED_MIN_SUBJECT = 2


def _mark_headline_repeats(df: pd.DataFrame, text: str) -> pd.DataFrame:
    """A headline line (no 。, short) that repeats a figure of the body: kept, but not matched or linked twice."""
    if df.empty:
        return df
    heads = []
    for start in df["start"]:
        l0 = text.rfind("\n", 0, start) + 1
        l1 = text.find("\n", start)
        line = text[l0 : l1 if l1 != -1 else len(text)]
        heads.append("。" not in line and len(line) <= 60)
    heads = pd.Series(heads, index=df.index)
    body = set(zip(df.loc[~heads, "value"], df.loc[~heads, "unit"], strict=True))
    repeat = heads & pd.Series([(v, u) in body for v, u in zip(df["value"], df["unit"], strict=True)], index=df.index)
    df.loc[repeat, ["indicator_id", "match_note"]] = [None, REPEAT_NOTE]
    return df


def _mark_restatements(df: pd.DataFrame) -> pd.DataFrame:
    """A figure stated again with the same subject, value, unit, role, year and period (the news lead of a reposted
    communiqué repeats its paragraph): the later statement is marked as a repeat, so one figure is not two rivals
    when years link (each would be half as likely, and neither settled)."""
    named = df["subject"].fillna("").str.len() >= RESTATED_MIN_SUBJECT
    live = named & (df["match_note"].fillna("") != REPEAT_NOTE)
    same = df.loc[live, ["subject", "value", "unit", "role", "year", "period"]].astype(str).duplicated(keep="first")
    again = same[same].index
    df.loc[again, ["indicator_id", "match_note"]] = [None, REPEAT_NOTE]
    return df


def _one_figure_per_id(df: pd.DataFrame) -> pd.DataFrame:
    """Two figures of one report and period that match one catalog id: neither gets it, and both say why."""
    keyed = df[df["indicator_id"].notna()]
    dup = keyed[keyed.duplicated(["indicator_id", "period"], keep=False)]
    for (iid, _period), group in dup.groupby(["indicator_id", "period"]):
        shown = " / ".join(group["phrase"].head(3)) + (" / …" if len(group) > 3 else "")
        note = f"ambiguous: {len(group)} figures match {iid} ({shown}); left to linking"
        df.loc[group.index, ["indicator_id", "match_note"]] = [None, note]
    return df


def name_indicators(df: pd.DataFrame, catalog: list[Entry]) -> pd.DataFrame:
    """Fill the Chinese and English names from the catalog for every row that has an indicator id."""
    by_id = {e.indicator_id: e for e in catalog}
    df = df.copy()
    ids = df["indicator_id"]
    df["name_zh"] = [by_id[i].name_zh if isinstance(i, str) and i in by_id else None for i in ids]
    df["name_en"] = [by_id[i].name_en if isinstance(i, str) and i in by_id else None for i in ids]
    return df


def validate_rows(df: pd.DataFrame, section_ids: list[str]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The rows the schema accepts, and (phrase, reason) for each row it refuses."""
    try:
        return validate(df, section_ids), []
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        bad = cases["index"].dropna()
        bad = sorted({int(i) for i in bad})
        if not bad:  # a whole-table failure (a column missing): a bug, not a sentence; say it plainly
            raise InputError("schema", f"extracted rows fail the schema: {cases.head(5).to_dict('records')}") from None
        refused = []
        for i in bad:
            why = "; ".join(sorted({str(c) for c in cases.loc[cases["index"] == i, "check"]}))
            refused.append((str(df.at[i, "phrase"] or df.at[i, "source_phrase"]), f"refused by the schema: {why}"))
        return validate(df.drop(index=bad), section_ids), refused


def extract_report(report: Report, ref: Reference, data_dir: Path = paths.DATA_DIR) -> Extraction:
    """Read, clean and extract one registered report (with its corrections file, if any)."""
    decoded = read_report(report.path)
    cpath = paths.corrections_path(report.region, report.year, data_dir)
    return extract_text(
        decoded.text,
        report.region,
        report.year,
        ref,
        load_corrections(cpath),
        report.path,
        decoded.encoding,
        cpath,
        report.meta.get("author", ""),
        report.meta.get("region_zh", ""),
    )


def build(
    data_dir: Path = paths.DATA_DIR,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, int], Extraction], pd.DataFrame]:
    """Extract every registered report and link years: (indicators, repairs, per-report extractions, links)."""
    ref = load_reference(data_dir)
    per = {(r.region, r.year): extract_report(r, ref, data_dir) for r in load_manifest(data_dir)}
    frames = [e.rows for e in per.values() if not e.rows.empty]
    indicators = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    contexts = [c for e in per.values() if not e.rows.empty for c in e.contexts]
    indicators, links = link_all(indicators, contexts, load_decisions(data_dir, indicators), ref)
    indicators = validate(indicators, ref.section_ids)
    repairs = pd.concat([e.repairs for e in per.values()], ignore_index=True) if per else pd.DataFrame()
    return indicators, repairs, per, links


def link_all(
    indicators: pd.DataFrame, contexts: list[str], decisions: list, ref: Reference
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link the reports of each region year to year, then give every figure its series and inherited id."""
    if indicators.empty:
        return indicators.assign(series=pd.Series(dtype=str)), pd.DataFrame(columns=LINK_COLUMNS)
    figs = indicators.assign(
        key=figure_keys(indicators), context=contexts, period_type=indicators["period"].map(period_type)
    )
    links = [link_region(group, decisions) for _, group in figs.groupby("region", sort=True)]
    links_df = pd.concat(links, ignore_index=True) if links else pd.DataFrame(columns=LINK_COLUMNS)
    figs = assign_series(figs, links_df)
    figs = name_indicators(figs, ref.catalog)
    by_id = {e.indicator_id: e for e in ref.catalog}
    inherited = figs["indicator_id"].notna() & indicators["indicator_id"].isna() & figs["match_note"].isna()
    figs.loc[inherited, "match_note"] = "continues the series of the figure it is linked to"
    figs.loc[inherited, "section"] = [
        figure_section(s, title, by_id[i].section if i in by_id else None)
        for i, s, title in zip(
            figs.loc[inherited, "indicator_id"],
            figs.loc[inherited, "section"],
            figs.loc[inherited, "section_title"],
            strict=True,
        )
    ]
    return figs[COLUMNS], links_df


def figure_section(section: str, title: object, catalog_section: str | None) -> str:
    """A figure's section: its paragraph's known section, or the report's own heading (`other` with a title: a
    place whose headings sections.csv does not list keeps them); the catalog's section where the report has no
    heading of its own (the opening paragraphs, a report without headings)."""
    if section not in ("other", "intro") or own_heading(section, title) or catalog_section is None:
        return section
    return catalog_section


def figure_keys(df: pd.DataFrame) -> pd.Series:
    """A key for each figure that is stable as long as its report's cleaned text is: region/report year/offset."""
    return (
        df["region"].astype(str)
        + "/"
        + df["report_year"].astype(int).astype(str)
        + "/"
        + df["start"].astype(int).astype(str)
    )


def write(
    data_dir: Path,
    indicators: pd.DataFrame,
    repairs: pd.DataFrame,
    per: dict[tuple[str, int], Extraction],
    links: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the processed dataset, links, repair log and cleaned texts, each atomically."""
    atomic.remove_leftovers(paths.processed_dir(data_dir))  # what an interrupted earlier write left
    written = [
        atomic.write_csv(paths.indicators_csv(data_dir), indicators),
        atomic.write_csv(paths.links_csv(data_dir), links if links is not None else pd.DataFrame(columns=LINK_COLUMNS)),
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
    # Text stays text: a region called `null` or a subject `NA` must not become a missing value.
    df = pd.read_csv(path, dtype=dict.fromkeys(TEXT_COLUMNS, str), keep_default_na=False, na_values=[""])
    return validate(atomic.unescape_formulas(df), load_reference(data_dir).section_ids)


def load_links(data_dir: Path = paths.DATA_DIR) -> pd.DataFrame:
    """Read the processed links table back (written with the indicators)."""
    path = paths.links_csv(data_dir)
    if not path.exists():
        raise InputError(path, "does not exist yet; run the 10-clean-indicators notebook (make report) first")
    links = pd.read_csv(
        path,
        dtype={"region": str, "key": str, "previous_key": str, "link": str, "status": str},
        keep_default_na=False,
        na_values=[""],
    )
    return atomic.unescape_formulas(links)
