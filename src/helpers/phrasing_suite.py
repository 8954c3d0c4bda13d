"""A sentence's figures in the fields a phrasing suite writes down (value, unit, role, qualifier, year, the high end
of a range, the period of a part of a year): shared by the test suite and the benchmark of unseen sentences."""

from __future__ import annotations

from typing import Any

from .cleaning import clean_text
from .extraction import find_figures


def read_sentence(text: str, report_year: int, slogans: tuple[str, ...]) -> list[dict[str, Any]]:
    """The figures of one sentence, in text order, as the suite writes them."""
    simple = clean_text(text).simplified
    out = []
    for f in find_figures(simple, report_year, slogans)[0]:
        got = {"value": round(f.value, 6), "unit": f.unit, "role": f.role, "qualifier": f.qualifier, "year": f.year}
        if f.value_high is not None:
            got["value_high"] = round(f.value_high, 6)
        if "-" in f.period:
            got["period"] = f.period
        out.append(got)
    return out


def expected_figures(case: dict[str, Any]) -> list[dict[str, Any]]:
    """A case's written figures in the same form (values as floats, rounded alike; no other keys)."""
    keys = ("value", "unit", "role", "qualifier", "year", "value_high", "period")
    out = []
    for w in case.get("figures") or []:
        w = {k: w[k] for k in keys if k in w}
        w["value"] = round(float(w["value"]), 6)
        if "value_high" in w:
            w["value_high"] = round(float(w["value_high"]), 6)
        out.append(w)
    return out
