"""Years link themselves: made-up provincial bulletins in the phrasing of real ones (tests/fixtures/synthetic/)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURE_DATA, SYNTHETIC

from helpers import compare, dataset
from helpers.decisions import append_decisions
from helpers.linking import assign, link_region, match_text, period_type, score_matrix
from helpers.sources import register_report

META = {
    "title": "合成测试数据",
    "organisation": "测试",
    "region_zh": "甲省",
    "region_en": "A province",
    "synthetic": "true",
}


def province(tmp_path: Path, decisions: list[tuple] = ()) -> tuple:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    (data / "processed").mkdir()
    for year in (2022, 2023):
        register_report(data, SYNTHETIC / f"province_{year}.txt", "province", year, META)
    if decisions:
        append_decisions(data, list(decisions), "test")
    indicators, _, _, links = dataset.build(data)
    return indicators, links


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return province(tmp_path_factory.mktemp("province"))


def pairs(comp) -> dict[str, tuple[float, float]]:
    return {p: (b, a) for p, b, a in zip(comp["phrase"], comp["previous_value"], comp["value"], strict=True)}


def test_every_pair_an_analyst_would_compare_is_settled(built):
    indicators, links = built
    comp = compare.compare(indicators, "province", 2023, links=links)
    got = pairs(comp)
    # reworded subjects: 共有中国共产党党员 / 共有党员, 新发展党员 / 共发展党员
    assert got["甲省共有党员38.9万名"] == (386_000, 389_000)
    assert got["全省共发展党员8000名"] == (8100, 8000)
    # shares after counts, with and without their denominator, stay with their own group
    assert got["发展女党员3950名"] == (3900, 3950) and got["女党员10.4万名"] == (102_000, 104_000)
    assert got["占49.4%"] == (48.1, 49.4) and got["占26.7%"] == (26.4, 26.7)
    # the same occupations for all members and for new members, told apart by their heading sentence
    assert got["农牧渔民13.6万名"] == (138_000, 136_000) and got["农牧渔民2050名"] == (2100, 2050)
    assert len(comp) == 23 and set(comp["link"]) == {"auto"} and comp["confidence"].min() >= 0.62
    assert compare.suggestions(indicators, links, "province", 2023).empty


def test_totals_are_never_paired_with_new_members_or_headlines(built):
    indicators, links = built
    comp = compare.compare(indicators, "province", 2023, links=links)
    # all members are counted in 万, new members in hundreds or thousands: a wrong pair would jump 10–40×
    for _, r in comp.iterrows():
        assert 1 / 3 < r["value"] / r["previous_value"] < 3, (r["phrase"], r["previous_phrase"])
    headline = indicators[indicators["match_note"] == dataset.REPEAT_NOTE]
    linked = set(links["key"]) | set(links["previous_key"])
    assert len(headline) == 4 and not set(dataset.figure_keys(headline)) & linked


def test_what_disappeared_and_what_is_new_are_listed(built):
    indicators, links = built
    gone, new = compare.unmatched(indicators, links, "province", 2023)
    assert gone["phrase"].tolist() == ["表彰优秀共产党员480名"]
    assert new["phrase"].tolist() == ["新建党员教育基地12个"]


def test_stated_changes_link_to_stated_changes_and_targets_are_kept_apart(built):
    indicators, links = built
    rows = indicators[indicators["report_year"] == 2023]
    changes = rows[rows["role"] == "change"]
    assert changes["value"].tolist() == [3000, 400, 5.4, 2.6]
    target = rows[rows["role"] == "target"]
    assert target[["value", "year", "unit"]].to_numpy().tolist() == [[24.0, 2025, "%"]]
    stated = links[(links["year"] == 2023) & links["key"].isin(dataset.figure_keys(changes))]
    assert len(stated) == 4 and (stated["status"] == "settled").all()


def test_a_decision_forbids_or_forces_a_pair_and_survives_the_next_build(tmp_path):
    decisions = [
        ("province", 2023, "学生1.0万名", 2022, "学生0.9万名", "different"),
        ("province", 2023, "学生1.0万名", 2022, "表彰优秀共产党员480名", "same"),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a decision that names no figure would warn
        indicators, links = province(tmp_path, decisions)
    comp = compare.compare(indicators, "province", 2023, links=links)
    got = pairs(comp)
    assert got["学生1.0万名"] == (480, 10_000)  # a person's word, even against the similarity
    assert comp.set_index("phrase").at["学生1.0万名", "link"] == "confirmed"
    gone, _ = compare.unmatched(indicators, links, "province", 2023)
    assert "学生0.9万名" in gone["phrase"].tolist()


def test_a_decision_across_units_is_refused_with_its_line(tmp_path):
    with pytest.warns(UserWarning, match=r"links\.csv:2: the two figures differ in unit"):
        province(tmp_path, [("province", 2023, "新建党员教育基地12个", 2022, "表彰优秀共产党员480名", "same")])


def test_a_decision_naming_no_figure_is_reported_not_applied(tmp_path):
    with pytest.warns(UserWarning, match=r"links\.csv:2: column 'phrase' matches no figure of province 2023"):
        province(tmp_path, [("province", 2023, "没有这个短语", 2022, "学生0.9万名", "same")])


def test_a_new_phrasing_of_a_catalogued_indicator_continues_its_series(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    (data / "processed").mkdir()
    text = "聚力支部建设提标，激活组织体系。组织培训党员3500余人次，开展活动60余场。\n"
    (tmp_path / "2024.txt").write_text(text, encoding="utf-8")
    register_report(data, tmp_path / "2024.txt", "shuangliao", 2024, META)
    indicators, links = dataset.build(data)[::3]
    comp = compare.compare(indicators, "shuangliao", 2024, links=links).set_index("phrase")
    row = comp.loc["组织培训党员3500余人次"]
    assert (row["indicator_id"], row["previous_value"], row["link"]) == ("member_training_attendance", 3200, "auto")
    assert row["series"] == "member_training_attendance"


def test_the_assignment_is_one_to_one_and_not_first_come_first_served():
    # Row 0 likes column 0 a little more than row 1 does, but row 1 has no other choice: the optimum gives
    # column 0 to row 1, where a greedy first-match would starve it.
    score = np.array([[0.90, 0.85], [0.88, 0.10]])
    got = sorted((i, j) for i, j, _ in assign(score, np.ones_like(score, dtype=bool), {}))
    assert got == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("全区粮食作物播种", "粮食种植面积"),  # sown in 亩 one year, the planted area the next
        ("粮食总产量", "粮食产量"),
        ("地区生产总值（GDP）", "国内生产总值"),
        ("第一产业增加值所占比重", "第一产业比重"),
        ("城镇常住居民人均可支配收入", "城镇居民人均可支配收入"),
        ("公共财政预算收入", "一般公共预算收入"),  # the name before the 2014 budget law
        ("完成年度任务", "完成全年任务"),  # 年度 and 全年 say the same year
    ],
)
def test_names_of_one_indicator_are_compared_as_one(one, other):
    assert match_text(one).removeprefix("全区") == match_text(other)


def test_a_stated_change_is_shown_beside_last_years_and_the_one_computed_from_levels(built):
    indicators, links = built
    comp = compare.compare(indicators, "province", 2023, links=links)
    st = compare.stated_changes(indicators, links, comp, "province", 2023).set_index("phrase")
    assert st.loc["比2022年底净增3000名", ["value", "previous_stated", "computed"]].tolist() == [3000, 2600, 3000]
    growth = st.loc["全省地区生产总值同比增长5.4%"]
    assert (growth["value"], growth["previous_stated"]) == (5.4, 6.1) and growth["computed"] != growth["computed"]
    revenue = st.loc["一般公共预算收入增长2.6%"]
    assert revenue["previous_stated"] == -1.7  # 下降1.7% a year before, signed


def test_every_part_of_a_year_is_linked_only_with_the_same_part():
    periods = ["", "-H1", "-Q1", "-Q2", "-Q1-Q3", "-M01-M10"]

    def frame(year: int) -> pd.DataFrame:
        rows = [
            {"period": f"{year}{p}", "subject": "地区生产总值", "denominator": None, "context": "地区生产总值增长"}
            for p in periods
        ]
        df = pd.DataFrame(rows).assign(value=5.0, unit="%", qualifier="none", indicator_id=None)
        return df.assign(period_type=df["period"].map(period_type))

    cur, prev = frame(2023), frame(2022)
    assert cur["period_type"].tolist() == ["year", "H1", "Q1", "Q2", "Q1-Q3", "M01-M10"]
    _, feasible = score_matrix(cur, prev)
    assert (feasible == np.eye(len(periods), dtype=bool)).all()


def test_a_growth_rate_that_changes_sign_scores_as_one_that_does_not():
    # -7% one year and +21.1% the next are one growth rate: the sign is no sign of another indicator
    def frame(value: float) -> pd.DataFrame:
        row = {"subject": "社会消费品零售总额", "denominator": None, "context": "社会消费品零售总额增长"}
        return pd.DataFrame([row]).assign(
            value=value, unit="%", qualifier="none", indicator_id=None, period_type="year"
        )

    fell, rose = score_matrix(frame(21.1), frame(-7.0))[0], score_matrix(frame(21.1), frame(7.0))[0]
    assert fell[0, 0] == rose[0, 0] > 0.9


def test_a_level_that_moves_a_hundredfold_is_left_for_a_person():
    # 38亿元 one year and 3800亿元 the next: more often 万元 typed for 亿元, or another indicator, than a change
    def figure(year: int, value: float) -> dict:
        return {
            "region": "x", "report_year": year, "year": year, "key": f"x/{year}/1", "value": value, "unit": "元",
            "role": "level", "qualifier": "none", "period": str(year), "period_type": "year", "indicator_id": None,
            "subject": "一般公共预算收入", "denominator": None, "context": "一般公共预算收入", "match_note": None,
            "start": 0, "end": 4,
        }  # fmt: skip

    for value, status in ((3.9e9, "settled"), (3.8e11, "suggested")):
        links = link_region(pd.DataFrame([figure(2022, 3.8e9), figure(2023, value)]), [])
        assert links["status"].tolist() == [status]


def test_subjects_that_differ_only_by_a_word_of_direction_are_left_for_a_person():
    # 增速低于全市平均水平 one year, 增速高于全市平均水平 the next: the words say which way, not what is measured
    def figure(year: int, subject: str, value: float) -> dict:
        return {
            "region": "x", "report_year": year, "year": year, "key": f"x/{year}/1", "value": value,
            "unit": "个百分点", "role": "level", "qualifier": "none", "period": str(year), "period_type": "year",
            "indicator_id": None, "subject": subject, "denominator": None, "context": subject, "match_note": None,
            "start": 0, "end": 4,
        }  # fmt: skip

    for later, status in (("增速低于全市平均水平", "settled"), ("增速高于全市平均水平", "suggested")):
        figs = pd.DataFrame([figure(2022, "增速低于全市平均水平", -2.9), figure(2023, later, 1.1)])
        assert link_region(figs, [])["status"].tolist() == [status]


def two_years(tmp_path: Path, stem: str) -> tuple[pd.DataFrame, pd.DataFrame, set[tuple]]:
    """Register `<stem>_2022.txt` and `<stem>_2023.txt` as region city and build: (indicators, links, and the
    settled pairs as (previous value, value, unit))."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    (data / "processed").mkdir()
    for year in (2022, 2023):
        register_report(data, SYNTHETIC / f"{stem}_{year}.txt", "city", year, META)
    indicators, _, _, links = dataset.build(data)
    settled = links[links["status"] == "settled"]
    by_key = indicators.assign(key=dataset.figure_keys(indicators)).set_index("key")
    got = {
        (by_key.at[p, "value"], by_key.at[k, "value"], by_key.at[k, "unit"])
        for k, p in zip(settled["key"], settled["previous_key"], strict=True)
    }
    return indicators, links, got


def test_a_statistical_release_links_with_the_communique_of_the_year_before(tmp_path):
    _, _, got = two_years(tmp_path, "communique")
    # 按产业分 and 其中 both break the total down; GDP and 地区生产总值[2] are one name; 实现 is no part of it
    assert {(842_036_000_000, 886_502_000_000, "元"), (4.2, 5.1, "%")} <= got
    assert {(61_240_000_000, 64_018_000_000, "元"), (3.6, 4.0, "%"), (3.9, 4.9, "%")} <= got
    # a share whose denominator was said once links with 服务业增加值占GDP比重; each part of the ratio with its own
    assert {(53.5, 53.6, "%"), (7.3, 7.2, "%"), (39.2, 39.2, "%")} <= got
    assert {(123_000, 128_000, "人"), (6.12, 5.96, "‰"), (7.35, 7.61, "‰"), (1.8, 0.6, "%")} <= got
    # never the two-year average, and never the rounded restatement of the exact GDP
    assert not any(a == 5.0 for a, _, _ in got) and not any(b == 880_000_000_000 for _, b, _ in got)


def test_a_city_work_report_links_its_reworded_figures_and_keeps_restatements_and_plans_apart(tmp_path):
    indicators, links, got = two_years(tmp_path, "cityreport")
    # (GDP) and (gdp) are one name; 其中税收占比 and 税收占比 are one share
    assert {(512_040_000_000, 539_870_000_000, "元"), (4.1, 5.2, "%"), (82.4, 83.1, "%")} <= got
    # 城镇和农村… and 城乡… name the same two groups, in the same order, levels and changes alike
    assert {(56_100, 58_600, "元"), (30_200, 32_100, "元"), (4.5, 4.4, "%"), (6.2, 6.3, "%")} <= got
    assert (3_105_000, 3_282_000, "标箱") in got
    # a structure named by 三次产业 one year gives each part its own name, as the next year writes them one by one
    assert {(9.1, 8.8, "%"), (38.5, 37.9, "%"), (52.4, 53.3, "%")} <= got
    # last year's restated GDP is dated 2022 and is no comparison; next year's plans are targets, never linked
    rows = indicators[indicators["report_year"] == 2023].set_index("value")
    assert rows.at[513_120_000_000, "year"] == 2022 and rows.at[4.2, "year"] == 2022
    plans = indicators[indicators["role"] == "target"]
    assert sorted(plans["year"]) == [2023, 2023, 2024, 2024]
    assert plans.loc[plans["value_high"].notna(), ["value", "value_high"]].values.tolist() == [[5.0, 5.5]]
    keys = indicators.assign(key=dataset.figure_keys(indicators))
    targets = set(keys.loc[keys["role"] == "target", "key"])
    assert not (set(links["key"]) | set(links["previous_key"])) & targets


def test_a_change_against_an_older_year_never_links_with_a_change_on_last_year():
    """比2019年上半年增长7.9% (a two-year comparison) is dated this year's first half, as 同比增长12.7% is, but the
    two measure different things: each links only with its own kind."""
    rows = dataset.extract_text(
        "上半年，全区地区生产总值同比增长12.7%，比2019年上半年增长7.9%。",
        "x",
        2021,
        dataset.load_reference(FIXTURE_DATA),
    ).rows
    assert rows["period"].tolist() == ["2021-H1", "2021-H1"]
    assert rows["subject"].tolist() == ["地区生产总值", "地区生产总值（比2019年上半年）"]

    def figure(year: int, subject: str, value: float) -> dict:
        return {
            "region": "x", "report_year": year, "year": year, "key": f"x/{year}/1", "value": value,
            "unit": "%", "role": "change", "qualifier": "none", "period": f"{year}-H1", "period_type": "H1",
            "indicator_id": None, "subject": subject, "denominator": None, "context": "地区生产总值增长",
            "match_note": None, "start": 0, "end": 4,
        }  # fmt: skip

    cur = pd.DataFrame([figure(2021, "地区生产总值（比2019年上半年）", 7.9)])
    _, feasible = score_matrix(cur, pd.DataFrame([figure(2020, "地区生产总值", -4.9)]))
    assert not feasible.any()


def test_only_the_mark_of_an_older_base_keeps_two_changes_apart():
    """The mark is （比2019年…） at the end of a subject: a subject that merely holds （比重…） of its own words is a
    plain figure, linked with its kind as any other."""
    from helpers.subjects import based_subject, is_based

    assert is_based(based_subject("地区生产总值", "2019年上半年"))
    assert not is_based("第三产业增加值（比重口径）") and not is_based("地区生产总值")


def test_a_paragraph_quoted_twice_is_one_figure_that_links_with_last_year(tmp_path):
    """A reposted communiqué opens with a news lead that quotes its first paragraph: the second statement of the same
    subject, value and period is marked a repeat, so last year's figure has one partner, not two rivals."""
    reference = dataset.load_reference(FIXTURE_DATA)
    para = "全年甲省地区生产总值1590.1亿元，比上年增长2.7%。"
    rows = dataset.extract_text(para + "\n统计公报\n" + para + "第一产业增加值360.9亿元。", "x", 2022, reference).rows
    assert rows["match_note"].fillna("").tolist() == ["", "", dataset.REPEAT_NOTE, dataset.REPEAT_NOTE, ""]
    again = dataset.extract_text("甲村增收3万元，乙村增收3万元。", "x", 2022, reference).rows
    assert dataset.REPEAT_NOTE not in again["match_note"].tolist()  # two subjects: two figures
