"""The pandera schema every indicators table must pass before it is written or charted."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .catalog import KINDS
from .extraction import QUALIFIER_VALUES, ROLES, is_figure_unit
from .periods import PERIOD_PATTERN

RATE_UNITS = ("%", "‰", "个百分点", "个千分点")

COLUMNS = [
    "region",
    "year",
    "report_year",
    "period",
    "role",
    "section",
    "section_title",
    "indicator_id",
    "series",
    "name_zh",
    "name_en",
    "kind",
    "subject",
    "denominator",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "number_as_written",
    "phrase",
    "source_phrase",
    "start",
    "end",
    "match_note",
]
FIGURE_KINDS = (*KINDS, "rate")
TEXT_COLUMNS = [c for c in COLUMNS if c not in ("year", "report_year", "value", "value_high", "start", "end")]


def _unique_ids(df: pd.DataFrame) -> pd.Series:
    """A catalogued indicator appears once per report and period (as a level)."""
    keyed = df[df["indicator_id"].notna() & (df["role"] == "level")]
    dup = keyed.duplicated(["region", "report_year", "indicator_id", "period"], keep=False)
    ok = pd.Series(True, index=df.index)
    ok[keyed.index[dup]] = False
    return ok


def indicators_schema(section_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of the tidy indicators table; `section_ids` are the sections the catalog knows."""
    text = {"nullable": False, "checks": pa.Check.str_length(min_value=1)}
    return pa.DataFrameSchema(
        {
            "region": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9_-]*$")),
            "year": pa.Column(int, pa.Check.in_range(1949, 2100)),
            "report_year": pa.Column(int, pa.Check.in_range(1949, 2100)),
            "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
            "role": pa.Column(str, pa.Check.isin(ROLES)),
            "section": pa.Column(str, pa.Check.isin(section_ids)),
            "section_title": pa.Column(str, nullable=True),
            "indicator_id": pa.Column(str, nullable=True),
            "series": pa.Column(str, nullable=True),
            "name_zh": pa.Column(str, nullable=True),
            "name_en": pa.Column(str, nullable=True),
            "kind": pa.Column(str, pa.Check.isin(FIGURE_KINDS), nullable=True),
            "subject": pa.Column(str, nullable=True),
            "denominator": pa.Column(str, nullable=True),
            "value": pa.Column(float, pa.Check(lambda s: s.notna(), element_wise=False, error="value is missing")),
            "value_high": pa.Column(float, nullable=True),
            "unit": pa.Column(str, pa.Check(lambda s: s.map(is_figure_unit).astype(bool), error="a measure word")),
            "qualifier": pa.Column(str, pa.Check.isin(QUALIFIER_VALUES)),
            "number_as_written": pa.Column(str, **text),
            "phrase": pa.Column(str, nullable=True),
            "source_phrase": pa.Column(str, **text),
            "start": pa.Column(int, pa.Check.ge(0)),
            "end": pa.Column(int, pa.Check.ge(1)),
            "match_note": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(lambda df: df["end"] > df["start"], error="end must be after start"),
            # Only a target may refer to a later year; only a change, or a rate (贡献率为-44.6%, 自然增长率为-1.35‰),
            # may be negative: a count or an amount below zero is a misreading.
            pa.Check(
                lambda df: (df["year"] <= df["report_year"]) | (df["role"] == "target"),
                error="a figure other than a target cannot refer to a later year",
            ),
            pa.Check(
                lambda df: (df["value"] >= 0) | df["role"].isin(["change", "target"]) | df["unit"].isin(RATE_UNITS),
                error="only a change, a target or a rate (%, ‰, 个百分点) can be negative",
            ),
            pa.Check(
                lambda df: df["value_high"].isna() | (df["value_high"].abs() > df["value"].abs()),
                error="a range's high end must be above its low end",
            ),
            pa.Check(_unique_ids, error="an indicator id appears twice for one report and period"),
        ],
        strict=True,
        ordered=True,
        coerce=True,
    )


def validate(df: pd.DataFrame, section_ids: list[str]) -> pd.DataFrame:
    """Validate (and coerce) an indicators table, collecting every failure in one error."""
    return indicators_schema(section_ids).validate(df, lazy=True)
