"""The pandera schema refuses wrong rows instead of letting them reach the charts."""

from __future__ import annotations

import pandera.errors
import pytest

from helpers.schema import validate


@pytest.fixture
def rows(seed):
    return seed.rows.copy()


def test_seed_rows_pass(rows, reference):
    assert len(validate(rows, reference.section_ids)) == 59


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("value", -1.0),
        ("qualifier", "roughly"),
        ("unit", "斤两"),
        ("unit", "斤两/千人"),
        ("unit", "批次/千"),
        ("section", "nowhere"),
        ("period", "2023年"),
        ("period", "2023-Q5"),
        ("period", "2023-M01-M13"),
        ("region", "Shuang Liao"),
        ("year", 2030),
    ],
)
def test_bad_values_are_refused(rows, reference, column, value):
    rows.loc[0, column] = value
    with pytest.raises(pandera.errors.SchemaErrors):
        validate(rows, reference.section_ids)


@pytest.mark.parametrize("period", ["2023-H2", "2023-Q4", "2023-Q1-Q3", "2023-M01-M10"])
def test_every_part_of_a_year_the_extraction_writes_is_accepted(rows, reference, period):
    rows.loc[0, "period"] = period
    assert len(validate(rows, reference.section_ids)) == 59


@pytest.mark.parametrize("unit", ["批次/千人", "张/千人口", "人/户", "元/人"])
def test_a_count_per_person_household_or_area_is_a_unit(rows, reference, unit):
    rows.loc[0, "unit"] = unit
    assert len(validate(rows, reference.section_ids)) == 59


def test_an_indicator_twice_in_one_report_and_period_is_refused(rows, reference):
    rows.loc[1, "indicator_id"] = rows.loc[0, "indicator_id"]
    with pytest.raises(pandera.errors.SchemaErrors, match="appears twice"):
        validate(rows, reference.section_ids)


def test_extra_or_missing_columns_are_refused(rows, reference):
    with pytest.raises(pandera.errors.SchemaErrors):
        validate(rows.assign(extra=1), reference.section_ids)
    with pytest.raises(pandera.errors.SchemaErrors):
        validate(rows.drop(columns=["unit"]), reference.section_ids)
