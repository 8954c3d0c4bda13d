"""Short sentences in the phrasing of real work reports, read as a careful analyst would.

The cases are in tests/fixtures/phrasings.yaml.

The sentences are synthetic; the expected figures were written by hand. Each case checks value, unit, role,
qualifier, year, the high end of a range and the period of a part of a year, in text order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers.phrasing_suite import expected_figures, read_sentence

CASES = yaml.safe_load((Path(__file__).resolve().parent / "fixtures" / "phrasings.yaml").read_text(encoding="utf-8"))
REPORT_YEAR = 2023


def test_the_suite_is_large_and_covers_every_category():
    cats = {c["id"].rsplit("-", 1)[0] for c in CASES}
    assert len(CASES) >= 80 and len({c["id"] for c in CASES}) == len(CASES)
    assert {"level", "change", "target", "range", "approx", "qual", "printed", "notfig", "share"} <= cats


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence_is_read_as_an_analyst_would(case, reference):
    assert read_sentence(case["text"], REPORT_YEAR, reference.slogans) == expected_figures(case), case["text"]
