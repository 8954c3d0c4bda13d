"""Year-on-year arithmetic on small hand-made tables: pp for shares, % for counts, units never mixed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.compare import available_years, compare, observations, series
from helpers.present import change_text, comparison_table, finding

_START = iter(range(0, 10**6, 10))


def row(iid, year, value, unit="名", kind="count", report_year=None, period=None, qualifier="none"):
    return {
        "region": "r",
        "year": year,
        "report_year": report_year or year,
        "period": period or str(year),
        "role": "level",
        "section": "cadres",
        "indicator_id": iid,
        "series": iid,
        "subject": f"主题{iid}",
        "denominator": None,
        "phrase": f"短语{value}",
        "source_phrase": f"原文{value}",
        "start": next(_START),
        "match_note": None,
        "name_zh": "指标",
        "name_en": "Indicator",
        "kind": kind,
        "value": float(value),
        "unit": unit,
        "qualifier": qualifier,
    }


def test_share_changes_in_points_and_counts_in_percent():
    df = pd.DataFrame(
        [
            row("s", 2021, 4, "%", "share", report_year=2023),
            row("s", 2023, 12, "%", "share"),
            row("c", 2022, 200),
            row("c", 2023, 250),
        ]
    )
    comp = compare(df, "r", 2023).set_index("indicator_id")
    s = comp.loc["s"].to_dict()
    assert (s["pp_change"], s["ratio"], s["years_between"], s["previous_source"]) == (8.0, 3.0, 2, "stated_in_2023")
    assert s["pct_change"] is None or math.isnan(s["pct_change"])  # never "+200%" for a share
    c = comp.loc["c"].to_dict()
    assert (c["pct_change"], c["abs_change"], c["years_between"]) == (25.0, 50.0, 1)
    assert change_text(comp.loc["s"], "zh-Hans") == "+8个百分点（为原来的3倍）"
    assert change_text(comp.loc["s"], "en") == "+8 pp (×3)"
    assert finding(comp.loc["s"], "en").endswith("rose from 4% in 2021 to 12% in 2023, +8 pp (×3)")


def test_nearest_earlier_year_wins_and_baseline_year_can_be_chosen():
    df = pd.DataFrame([row("c", 2020, 100), row("c", 2022, 150), row("c", 2023, 300)])
    assert compare(df, "r", 2023).iloc[0]["previous_year"] == 2022
    chosen = compare(df, "r", 2023, baseline_year=2020).iloc[0]
    assert (chosen["previous_value"], chosen["pct_change"], chosen["years_between"]) == (100.0, 200.0, 3)


def test_different_units_and_parts_of_the_year_are_never_compared():
    df = pd.DataFrame(
        [
            row("c", 2022, 100, unit="人次"),
            row("c", 2023, 120, unit="人"),
            row("h", 2022, 10, period="2022"),
            row("h", 2023, 6, period="2023-H1"),
        ]
    )
    assert compare(df, "r", 2023).empty


def test_a_part_of_a_year_is_compared_only_with_the_same_part():
    df = pd.DataFrame(
        [
            row("q", 2022, 10, period="2022-Q1"),
            row("q", 2023, 12, period="2023-Q1"),
            row("q", 2022, 30, period="2022-Q1-Q3"),
            row("q", 2023, 33, period="2023-M01-M10"),
            row("q", 2022, 20, period="2022-H1"),
            row("q", 2023, 21, period="2023-Q2"),
            row("q", 2022, 40, period="2022"),
        ]
    )
    comp = compare(df, "r", 2023)
    assert comp[["period_type", "previous_value", "value"]].to_numpy().tolist() == [["Q1", 10.0, 12.0]]
    assert observations(df, "r")["period_type"].value_counts().to_dict()["Q1"] == 2


def test_own_report_wins_over_a_later_restatement_and_approximation_travels():
    df = pd.DataFrame(
        [
            row("c", 2022, 2000, qualifier="more_than"),
            row("c", 2022, 2100, report_year=2023),
            row("c", 2023, 2500, qualifier="more_than"),
        ]
    )
    assert observations(df, "r").query("year == 2022")["value"].tolist() == [2000.0]
    assert list(compare(df, "r", 2023)[["link", "confidence", "review"]].iloc[0]) == ["catalog", 1.0, False]
    comp = compare(df, "r", 2023)
    assert bool(comp.iloc[0]["approximate"])
    table = comparison_table(comp, "zh-Hans")
    assert table.iloc[0].tolist()[:3] == ["2000余名（2022年）", "2500余名（2023年）", "+25.0%（约数）"]


def test_series_needs_three_years():
    df = pd.DataFrame([row("c", 2021, 1), row("c", 2022, 2), row("d", 2022, 5), row("d", 2023, 6)])
    assert series(df, "r").empty
    df = pd.concat([df, pd.DataFrame([row("c", 2023, 3)])])
    assert series(df, "r")[["series", "year", "value"]].to_numpy().tolist() == [
        ["c", 2021, 1.0],
        ["c", 2022, 2.0],
        ["c", 2023, 3.0],
    ]


def test_targets_changes_and_headline_repeats_are_never_compared():
    df = pd.DataFrame(
        [
            row("c", 2022, 100),
            row("c", 2023, 120) | {"role": "target"},
            row("c", 2023, 20) | {"role": "change"},
            row("c", 2023, 999) | {"match_note": "repeats a figure of the body (headline)"},
        ]
    )
    assert compare(df, "r", 2023).empty


def test_a_series_stops_at_the_page_year():
    df = pd.DataFrame([row("c", y, y - 2000) for y in (2021, 2022, 2023, 2024)])
    assert series(df, "r", up_to=2023)["year"].tolist() == [2021, 2022, 2023]


def test_years_that_each_state_their_own_baseline_compare_without_error(tmp_path):
    """Each report states a baseline two years back (由2019年的…, 由2020年的…): every year's page compares."""
    import shutil

    from conftest import FIXTURE_DATA

    from helpers import dataset
    from helpers.sources import register_report

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    (data / "processed").mkdir()
    for year, (before, now) in {2021: (4, 12), 2022: (5, 13), 2023: (6, 15)}.items():
        text = tmp_path / f"{year}.txt"
        text.write_text(
            f"目前35岁以下执法人员占比由{year - 2}年的{before}%提升到{now}%，培训党员{100 + year % 10}名。\n"
        )
        meta = {"title": "t", "organisation": "o", "region_zh": "甲县", "region_en": "A", "synthetic": "true"}
        register_report(data, text, "jia", year, meta)
    indicators, _, _, links = dataset.build(data)
    for year in (2021, 2022, 2023):
        comp = compare(indicators, "jia", year, None, links)
        assert {2021: 1, 2022: 2, 2023: 2}[year] == len(comp), comp[["previous_year", "value", "unit"]]


def test_a_half_year_comparison_is_labelled_as_a_half_year():
    df = pd.DataFrame(
        [row("h", 2022, 25, unit="所", period="2022-H1"), row("h", 2023, 30, unit="所", period="2023-H1")]
    )
    table = comparison_table(compare(df, "r", 2023), "zh-Hans")
    assert table.iloc[0].tolist()[:2] == ["25所（2022年上半年）", "30所（2023年上半年）"]
    assert comparison_table(compare(df, "r", 2023), "en").iloc[0].tolist()[0] == "25 sites (H1 2022)"


def test_a_page_names_only_the_years_up_to_its_own():
    rows = pd.DataFrame({"region": ["a", "a", "a", "b"], "report_year": [2022, 2023, 2024, 2025]})
    assert available_years(rows, "a") == [2022, 2023, 2024]
    assert available_years(rows, "a", up_to=2023) == [2022, 2023]


def test_a_part_of_the_year_is_shown_with_its_value():
    """上半年新建村部25所 and 全年31所 are different figures: the list of what is new or gone says which is which."""
    from helpers.present import figures_table

    rows = pd.DataFrame(
        [
            {"indicator_id": None, "subject": "新建村部", "denominator": "", "value": 25.0, "unit": "所"}
            | {"qualifier": "none", "period": "2023-H1", "phrase": "上半年新建村部25所"},
            {"indicator_id": None, "subject": "新建村部", "denominator": "", "value": 31.0, "unit": "所"}
            | {"qualifier": "none", "period": "2024", "phrase": "新建村部31所"},
        ]
    )
    assert figures_table(rows, "zh-Hans").iloc[:, 0].tolist() == ["25所（2023年上半年）", "31所"]


@pytest.mark.parametrize(
    ("period", "lang", "name"),
    [
        ("2023", "zh-Hans", "2023年"),
        ("2023-H1", "zh-Hans", "2023年上半年"),
        ("2023-Q1-Q3", "en", "Q1–Q3 2023"),
        ("2023-M01-M04", "zh-Hans", "2023年1—4月"),
        ("2023-M10-M10", "zh-Hans", "2023年10月"),
        ("2023-M10-M10", "en", "Oct 2023"),
    ],
)
def test_a_period_reads_as_a_reader_says_it(period, lang, name):
    from helpers.i18n import period_name

    assert period_name(period, lang) == name


def test_a_target_for_growth_is_a_rate_and_last_years_restated_change_says_its_year(reference):
    """力争增长5%左右 is a target for a rate of change (named 地区生产总值, not 地区生产总值占比); a change of last year
    restated in this year's report (经最终核实，2022年…增长4.2%) is shown with its year."""
    from helpers import dataset
    from helpers.present import stated_changes_table

    text = "全市地区生产总值增长5.2%。经最终核实，2022年全市生产总值比上年增长4.2%。力争明年地区生产总值增长5%左右。\n"
    rows = dataset.extract_text(text, "x", 2023, reference).rows
    target = rows[rows["role"] == "target"].iloc[0]
    assert target["kind"] == "rate" and target["year"] == 2024
    changes = rows[rows["role"] == "change"].assign(previous_stated=None, computed=None)
    shown = stated_changes_table(changes, "zh-Hans").iloc[:, 0].tolist()
    assert shown == ["+5.2%", "+4.2%（2022年）"]


def test_a_unit_per_person_household_or_area_reads_in_english():
    """批次/千人 is said whole on an English page, never left half Chinese."""
    from helpers.i18n import fmt_value, unit_en

    assert unit_en("批次/千人") == "batches per 1,000 people" and unit_en("元/人") == "yuan per person"
    assert fmt_value(5.36, "批次/千人", "more_than", "en") == "more than 5.36 batches per 1,000 people"
    assert unit_en("立方厘米/人") == "立方厘米/人"  # no name known: kept as written
