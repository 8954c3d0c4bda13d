"""The catalog of stable indicator ids (names in Chinese and English, the phrasings of their subject) and matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import regex

from .errors import InputError
from .extraction import is_figure_unit
from .tables import read_table, require

CATALOG_COLUMNS = ("indicator_id", "section", "unit", "kind", "name_zh", "name_en", "subjects")
SUBJECT_SEP = "|"
SECTION_COLUMNS = ("section_id", "order", "heading_pattern", "name_zh", "name_en")
KINDS = ("count", "share", "money")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Section:
    """One section of a report, recognised by the pattern its first sentence matches."""

    section_id: str
    order: int
    heading: regex.Pattern[str] | None
    name_zh: str
    name_en: str
    regions: tuple[str, ...] = ()  # the regions whose reports use this heading; empty: every region


@dataclass(frozen=True)
class Entry:
    """One catalog indicator: its unit and kind, and every phrasing of its subject that reports use."""

    indicator_id: str
    section: str
    unit: str
    kind: str
    name_zh: str
    name_en: str
    subjects: tuple[str, ...]


def load_sections(path: Path) -> list[Section]:
    """Read and check sections.csv."""
    out: list[Section] = []
    for line, row in read_table(path, SECTION_COLUMNS):
        where = f"{path}:{line}"
        sid = require(path, line, row, "section_id")
        if not ID_RE.match(sid):
            raise InputError(where, f"column 'section_id': {sid!r} must be lower_snake_case")
        if sid in {s.section_id for s in out}:
            raise InputError(where, f"column 'section_id': duplicate id {sid!r}")
        try:
            order = int(require(path, line, row, "order"))
        except ValueError:
            raise InputError(where, f"column 'order': {row['order']!r} is not a whole number") from None
        heading = _compile(row["heading_pattern"], where, "heading_pattern") if row["heading_pattern"] else None
        regions = tuple(r.strip() for r in row.get("regions", "").split(SUBJECT_SEP) if r.strip())
        out.append(
            Section(
                sid, order, heading, require(path, line, row, "name_zh"), require(path, line, row, "name_en"), regions
            )
        )
    for needed in ("intro", "other"):
        if needed not in {s.section_id for s in out}:
            raise InputError(path, f"needs a section with id {needed!r}")
    return sorted(out, key=lambda s: s.order)


def load_catalog(path: Path, sections: list[Section]) -> list[Entry]:
    """Read and check catalog.csv against the known sections and units."""
    known = {s.section_id for s in sections}
    out: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in read_table(path, CATALOG_COLUMNS):
        where = f"{path}:{line}"
        iid = require(path, line, row, "indicator_id")
        if not ID_RE.match(iid):
            raise InputError(where, f"column 'indicator_id': {iid!r} must be lower_snake_case")
        if iid in seen:
            raise InputError(where, f"column 'indicator_id': duplicate id {iid!r} (first on line {seen[iid]})")
        seen[iid] = line
        section = require(path, line, row, "section")
        if section not in known:
            raise InputError(where, f"column 'section': unknown section {section!r}; known: {', '.join(sorted(known))}")
        unit = require(path, line, row, "unit")
        if not is_figure_unit(unit) or unit in ("万元", "亿元", "万元/人", "％"):
            raise InputError(where, f"column 'unit': {unit!r} is not a base unit the extractor produces")
        kind = require(path, line, row, "kind")
        if kind not in KINDS:
            raise InputError(where, f"column 'kind': {kind!r} must be one of {', '.join(KINDS)}")
        if (kind == "share") != (unit == "%") or (kind == "money") != (unit == "元"):
            raise InputError(where, f"column 'kind': {kind!r} does not fit unit {unit!r} (share is %, money is 元)")
        subjects = tuple(p.strip() for p in require(path, line, row, "subjects").split(SUBJECT_SEP) if p.strip())
        if not subjects:
            raise InputError(where, "column 'subjects': give at least one phrasing of what is counted")
        for earlier in out:
            same = set(subjects) & set(earlier.subjects)
            if same and earlier.unit == unit:
                raise InputError(
                    where,
                    f"column 'subjects': {sorted(same)[0]!r} in {unit} is already a phrasing of "
                    f"{earlier.indicator_id!r}; one phrasing can name one indicator only",
                )
        out.append(
            Entry(
                iid,
                section,
                unit,
                kind,
                require(path, line, row, "name_zh"),
                require(path, line, row, "name_en"),
                subjects,
            )
        )
    return out


def load_slogans(path: Path) -> tuple[str, ...]:
    """Read slogans.csv: fixed phrases (四个意识, 三会一课, …) whose numerals are never figures."""
    out = []
    for line, row in read_table(path, ("phrase", "note")):
        phrase = require(path, line, row, "phrase")
        if not re.search(r"[一二两三四五六七八九十百千万\d]", phrase):
            raise InputError(f"{path}:{line}", f"column 'phrase': {phrase!r} has no numeral; it cannot hide a figure")
        out.append(phrase)
    return tuple(out)


def _compile(pattern: str, where: str, column: str) -> regex.Pattern[str]:
    # The `regex` engine, because it can stop a pattern that would backtrack for ever (see section_of).
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise InputError(where, f"column '{column}': not a valid regular expression ({exc})") from None


def own_heading(section: str, title: object) -> bool:
    """True for a figure under a heading of the report's own that sections.csv does not list (`other`, titled by
    its words: 一、干部队伍建设): pages and the dataset keep that heading."""
    return section == "other" and isinstance(title, str) and bool(title)


def section_of(paragraph: str, sections: list[Section], region: str = "") -> Section | None:
    """The section whose heading pattern the paragraph matches (for this region, or for every region), if any."""
    for s in sections:
        if s.heading is not None and (not s.regions or region in s.regions) and _heading_matches(s, paragraph):
            return s
    return None


PATTERN_SECONDS = 1.0  # a heading pattern gets this long per paragraph; more means it backtracks without end


def _heading_matches(section: Section, paragraph: str) -> bool:
    """Whether the paragraph opens the section; a pattern that takes too long is refused, never waited for."""
    try:
        return section.heading.search(paragraph, timeout=PATTERN_SECONDS) is not None
    except TimeoutError:
        raise InputError(
            "sections.csv",
            f"section {section.section_id!r}: its heading_pattern ran for more than {PATTERN_SECONDS:g} s on one "
            "paragraph (it backtracks without end); simplify it",
        ) from None


def match_entry(subject: str, denominator: str, unit: str, catalog: list[Entry]) -> Entry | None:
    """The catalog entry one of whose phrasings is this figure's subject (or `subject占denominator`), in its unit."""
    names = {subject, f"{subject}占{denominator}"} if denominator else {subject}
    return next((e for e in catalog if e.unit == unit and names & set(e.subjects)), None)
