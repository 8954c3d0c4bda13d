"""Short sentences in the phrasing of real work reports, read as a careful analyst would.

The cases are in tests/fixtures/phrasings.yaml.

The sentences are synthetic; the expected figures were written by hand. Each case checks value, unit, role,
qualifier, year, the high end of a range and the period of a part of a year, in text order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers.cleaning import clean_text
from helpers.extraction import find_figures

CASES = yaml.safe_load((Path(__file__).resolve().parent / "fixtures" / "phrasings.yaml").read_text(encoding="utf-8"))
REPORT_YEAR = 2023


def read(text: str, slogans: tuple[str, ...]) -> list[dict]:
    """The figures of one sentence in the fields the suite writes down."""
    simple = clean_text(text).simplified
    out = []
    for f in find_figures(simple, REPORT_YEAR, slogans)[0]:
        got = {"value": round(f.value, 6), "unit": f.unit, "role": f.role, "qualifier": f.qualifier, "year": f.year}
        if f.value_high is not None:
            got["value_high"] = round(f.value_high, 6)
        if "-" in f.period:
            got["period"] = f.period
        out.append(got)
    return out


def expected(case: dict) -> list[dict]:
    out = []
    for w in case["figures"]:
        w = dict(w)
        w["value"] = round(float(w["value"]), 6)
        if "value_high" in w:
            w["value_high"] = round(float(w["value_high"]), 6)
        out.append(w)
    return out


def test_the_suite_is_large_and_covers_every_category():
    cats = {c["id"].rsplit("-", 1)[0] for c in CASES}
    assert len(CASES) >= 80 and len({c["id"] for c in CASES}) == len(CASES)
    assert {"level", "change", "target", "range", "approx", "qual", "printed", "notfig", "share"} <= cats


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence_is_read_as_an_analyst_would(case, reference):
    assert read(case["text"], reference.slogans) == expected(case), case["text"]
