"""Score a set of sentences never seen by the project: how many are read exactly as their annotator wrote them.

Usage: python benchmarks/bench_sentences.py SENTENCES.yaml [--year 2023] [--show]

SENTENCES.yaml has the format of tests/fixtures/phrasings.yaml (a list of cases: id, text, figures with value,
unit, role, qualifier, year, and value_high / period where they apply; optional genre). The sets are synthetic
sentences modelled on real public pages by someone who did not read the code, kept outside the repository; only
the numbers measured here are committed (benchmarks/linking.md). A sentence counts as read exactly when every
figure's fields and their order match. 人 and 名 are one unit here, as the linking benchmark treats them, and a
unit written with a multiplier (千公顷) is compared in base units.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from helpers import dataset, paths
from helpers.extraction import FIGURE_UNITS
from helpers.periods import MONTH_SPANS
from helpers.phrasing_suite import expected_figures, read_sentence
from helpers.printed_tables import base_unit

SAME_UNIT = {"人": "名"}


def _same_period(period: str) -> str:
    """A span of months written as months or as its name (2023-M01-M09 is 2023-Q1-Q3, M01-M06 is H1): one code."""
    m = re.fullmatch(r"(\d{4})-M(\d\d)-M(\d\d)", period)
    named = MONTH_SPANS.get((int(m[2]), int(m[3]))) if m else None
    return f"{m[1]}-{named}" if m and named else period


def _fold(figures: list[dict]) -> list[dict]:
    """人 as 名; a unit written with a multiplier (千公顷) in base units, as extraction stores it; a span of months
    by its name."""
    out = []
    for f in figures:
        unit, scale = base_unit(SAME_UNIT.get(f["unit"], f["unit"]), FIGURE_UNITS)
        f = {**f, "unit": unit, "value": round(f["value"] * scale, 6)}
        if "period" in f:
            f["period"] = _same_period(f["period"])
        if "value_high" in f:
            f["value_high"] = round(f["value_high"] * scale, 6)
        out.append(f)
    return out


def score(cases: list[dict], year: int, slogans: tuple[str, ...]) -> list[tuple[dict, list[dict], list[dict]]]:
    """(case, figures read, figures written) of every case that is not read exactly."""
    misses = []
    for case in cases:
        got = _fold(read_sentence(case["text"], int(case.get("report_year", year)), slogans))
        want = _fold(expected_figures(case))
        if got != want:
            misses.append((case, got, want))
    return misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sentences", type=Path)
    ap.add_argument("--year", type=int, default=2023, help="the report year of cases that name none")
    ap.add_argument("--show", action="store_true", help="print every sentence not read exactly, with both readings")
    args = ap.parse_args()
    cases = yaml.safe_load(args.sentences.read_text(encoding="utf-8"))
    slogans = dataset.load_reference(paths.DATA_DIR).slogans
    misses = score(cases, args.year, slogans)
    if args.show:
        for case, got, want in misses:
            print(f"\n{case['id']} {case.get('genre', '')}: {case['text']}")
            for label, figs in (("read   ", got), ("written", want)):
                print(
                    f"  {label}: "
                    + "; ".join(
                        f"{f['value']:g} {f['unit']} {f['role']} {f['qualifier']} "
                        f"{f['year']} {f.get('period', '')}".strip()
                        for f in figs
                    )
                )
    exact = len(cases) - len(misses)
    n_fig = sum(len(c.get("figures") or []) for c in cases)
    print(f"read exactly: {exact}/{len(cases)} sentences ({100 * exact / len(cases):.1f}%), {n_fig} figures written")
    by_genre = Counter(c.get("genre", "") for c in cases)
    missed = Counter(c.get("genre", "") for c, _, _ in misses)
    for genre, n in by_genre.most_common():
        print(f"  {genre or '-'}: {n - missed[genre]}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
