"""People's decisions on year-to-year links, kept as data in data/raw/links.csv and applied on every build."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError
from .linking import Decision
from .tables import read_table, require

DECISION_COLUMNS = ("region", "year", "phrase", "previous_year", "previous_phrase", "decision", "note")
DECISIONS = ("same", "different")


class StaleDecisionWarning(UserWarning):
    """A decision whose phrase matches no figure (or several) of its report."""


def _year(path: Path, line: int, row: dict[str, str], column: str) -> int:
    value = require(path, line, row, column)
    if not (value.isdigit() and len(value) == 4):
        raise InputError(f"{path}:{line}", f"column '{column}': {value!r} is not a four-digit year")
    return int(value)


def find_figure(rows: pd.DataFrame, phrase: str) -> list[str]:
    """Keys of the figures a decision's phrase names: their `phrase` exactly, else a part of their source phrase
    that holds the figure as printed."""
    if rows.empty or "key" not in rows.columns:  # a region or year without figures (or without a report)
        return []
    exact = rows.loc[rows["phrase"] == phrase, "key"].tolist()
    if exact:
        return exact
    hits = rows[
        [
            phrase in sp and str(nw) in phrase
            for sp, nw in zip(rows["source_phrase"], rows["number_as_written"], strict=True)
        ]
    ]
    return hits["key"].tolist()


def _report_figures(figs: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The figures of one report about its own year (what a decision's phrase may name)."""
    return figs[(figs["region"] == region) & (figs["report_year"] == year) & (figs["year"] == year)]


def check_new_decision(
    data_dir: Path, indicators: pd.DataFrame, region: str, year: int, pair: tuple[str, str], prev_year: int, said: str
) -> None:
    """Refuse, before it is written, a decision (`said`: same or different) whose phrases are blank or do not name
    exactly one figure each, or that contradicts one already in links.csv."""
    from .dataset import figure_keys

    figs = indicators.assign(key=figure_keys(indicators)) if len(indicators) else indicators
    for phrase, y in zip(pair, (year, prev_year), strict=True):
        if not phrase.strip():
            raise InputError("--same/--different", "a phrase is empty; give words of the figure's source phrase")
        found = find_figure(_report_figures(figs, region, y), phrase) if len(figs) else []
        if len(found) != 1:
            what = "matches no figure" if not found else f"matches {len(found)} figures; give a longer phrase"
            raise InputError("--same/--different", f"{phrase!r} {what} of {region} {y}")
    path = paths.decisions_path(data_dir)
    if path.exists():
        for line, row in read_table(path, DECISION_COLUMNS):
            same_pair = (row.get("region"), row.get("phrase"), row.get("previous_phrase")) == (region, *pair)
            if same_pair and str(row.get("year")) == str(year) and row.get("decision") not in ("", said):
                raise InputError(
                    f"{path}:{line}", f"already says {row['decision']!r} for this pair; edit or remove that row first"
                )


def read_decisions(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of links.csv, refused with its line when two rows say opposite things of one pair."""
    rows = read_table(path, DECISION_COLUMNS)
    first_said: dict[tuple, tuple[int, str]] = {}
    for line, row in rows:
        pair = tuple(row.get(c, "") for c in ("region", "year", "phrase", "previous_year", "previous_phrase"))
        earlier = first_said.setdefault(pair, (line, row.get("decision", "")))
        if earlier[1] != row.get("decision", ""):  # two analysts' files merged: neither may win by its place
            raise InputError(
                f"{path}:{line}",
                f"says {row.get('decision')!r} for the pair that line {earlier[0]} says {earlier[1]!r}",
            )
    return rows


def load_decisions(data_dir: Path, indicators: pd.DataFrame) -> list[Decision]:
    """Read links.csv (if present) and resolve each row's phrases to figure keys of the built indicators."""
    path = paths.decisions_path(data_dir)
    if not path.exists() or indicators.empty:
        return []
    from .dataset import figure_keys

    figs = indicators.assign(key=figure_keys(indicators))
    out = []
    for line, row in read_decisions(path):
        where = f"{path}:{line}"
        region = require(path, line, row, "region")
        year, prev_year = _year(path, line, row, "year"), _year(path, line, row, "previous_year")
        decision = require(path, line, row, "decision")
        if decision not in DECISIONS:
            raise InputError(where, f"column 'decision': {decision!r} must be 'same' or 'different'")
        if prev_year >= year:
            raise InputError(where, f"column 'previous_year': {prev_year} is not before {year}")
        keys = []
        for col, y in (("phrase", year), ("previous_phrase", prev_year)):
            found = find_figure(_report_figures(figs, region, y), require(path, line, row, col))
            if len(found) != 1:
                what = "matches no figure" if not found else f"matches {len(found)} figures; give a longer phrase"
                warnings.warn(
                    f"{where}: column '{col}' {what} of {region} {y}; decision not applied",
                    StaleDecisionWarning,
                    stacklevel=2,
                )
                break
            keys.append(found[0])
        else:
            out.append(Decision(region, year, keys[0], prev_year, keys[1], decision, where))
    return out


def append_decisions(data_dir: Path, rows: list[tuple], note: str = "") -> Path:
    """Add decisions (region, year, phrase, previous_year, previous_phrase, decision) to links.csv, atomically."""
    import csv
    import io

    from . import atomic
    from .guards import exclusive

    path = paths.decisions_path(data_dir)
    said: dict[tuple, str] = {}
    for region, year, phrase, previous_year, previous_phrase, decision in rows:
        pair = (str(region), str(year), phrase, str(previous_year), previous_phrase)
        if said.setdefault(pair, decision) != decision:  # --same A B --different A B in one command
            raise InputError(
                "--same/--different", f"{phrase!r} / {previous_phrase!r} is given as both same and different"
            )
    # One writer at a time: decisions recorded at once take turns instead of losing rows.
    with exclusive(path.parent, "another `indicators link` recording decisions", wait=120):
        if path.exists():
            read_table(path, DECISION_COLUMNS)  # a malformed file is named now, not by every later build
            existing = path.read_text(encoding="utf-8-sig")
        else:
            existing = ",".join(DECISION_COLUMNS) + "\n"
        # The rows follow the file's own header: a spreadsheet may have reordered the columns or added one.
        header = next(csv.reader(io.StringIO(existing)), []) or list(DECISION_COLUMNS)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", restval="", extrasaction="ignore")
        for region, year, phrase, previous_year, previous_phrase, decision in rows:
            cells = [region, year, phrase, previous_year, previous_phrase, decision, note]
            writer.writerow({c: atomic.escape_cell(v) for c, v in zip(DECISION_COLUMNS, cells, strict=True)})
        return atomic.write_text(path, existing.rstrip("\n") + "\n" + buf.getvalue())
