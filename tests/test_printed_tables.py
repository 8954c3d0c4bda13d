"""Tables printed as text (statistics communiqués, budget reports): each cell read with its row's label, its
column's unit and role. Every table here is synthetic, shaped like those met in real reports (benchmarks/linking.md,
session 21)."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_DATA

from helpers import dataset
from helpers.extraction import find_figures

REF = dataset.load_reference(FIXTURE_DATA)


def cells(text: str) -> list[tuple[str, float, str, str, str, int]]:
    """(subject, value, unit, role, qualifier, year) of every figure extract_text reads in `text`."""
    rows = dataset.extract_text(text, "x", 2023, REF).rows
    return list(zip(rows.subject, rows.value, rows.unit, rows.role, rows.qualifier, rows.year, strict=True))


def test_a_table_on_lines_of_its_own_reads_each_cell_with_its_label_unit_and_sign():
    """The header's brackets give the units (in base units, as prose figures are: 亿元 → 元); 同比 makes a change;
    a fall printed -18.0 stays negative even where the copy lost the space before it; numbering and list marks
    (一、, #, 其中：) are not part of the label."""
    text = (
        "表1 2023年甲区财政收支情况\n"
        "指标 累计（亿元） 同比（%）\n"
        "一、一般公共预算收入总计 512.40 -2.3\n"
        "#区级一般公共预算收入 181.20 4.1\n"
        "其中：税收收入 160.75 3.6\n"
        "企业所得税 33.80-17.5\n"
        "\n"
        "全年新设企业2100户。\n"
    )
    assert cells(text) == [
        ("一般公共预算收入总计", 51240000000.0, "元", "level", "none", 2023),
        ("一般公共预算收入总计", -2.3, "%", "change", "none", 2023),
        ("区级一般公共预算收入", 18120000000.0, "元", "level", "none", 2023),
        ("区级一般公共预算收入", 4.1, "%", "change", "none", 2023),
        ("税收收入", 16075000000.0, "元", "level", "none", 2023),
        ("税收收入", 3.6, "%", "change", "none", 2023),
        ("企业所得税", 3380000000.0, "元", "level", "none", 2023),
        ("企业所得税", -17.5, "%", "change", "none", 2023),
        ("新设企业", 2100.0, "户", "level", "none", 2023),
    ]


def test_a_table_copied_from_a_web_page_one_cell_per_line_reads_the_same():
    """A web table pasted as text puts every cell on its own line, with blank lines between: same figures; the
    phrase shows the row on one line."""
    text = (
        "指标\n\n累计(亿元)\n\n   同比(%)\n\n"
        "一、一般公共预算收入总计\n\n498.10\n\n-2.2\n\n"
        "#区级税收收入\n\n170.05\n\n4.0\n\n"
    )
    rows = dataset.extract_text(text, "x", 2024, REF).rows
    assert list(zip(rows.subject, rows.value, rows.role, strict=True)) == [
        ("一般公共预算收入总计", 49810000000.0, "level"),
        ("一般公共预算收入总计", -2.2, "change"),
        ("区级税收收入", 17005000000.0, "level"),
        ("区级税收收入", 4.0, "change"),
    ]
    assert rows.source_phrase.iloc[0] == "一、一般公共预算收入总计 498.10 -2.2"


def test_a_table_split_by_bars_reads_targets_qualifiers_and_leaves_words_alone():
    """|-tables (Markdown, a spreadsheet's copy): a column of targets (目标) is a target, 左右 is approximate, a
    cell in words (稳步提高) and a column without a unit (指标属性) are no figures; two columns of one kind and
    unit name which is which (the year is the figure's own field)."""
    text = (
        "指标名称 | 2023年目标增长(%) | 2023年实际增长(%) | 指标属性\n"
        "|---|---|---|---|\n"
        "地区生产总值 | 6左右 | 5.7 | 预期性\n"
        "一般公共预算收入 | 6.5 | 7.1 | 预期性\n"
        "全员劳动生产率 | 稳步提高 | 稳步提高 | 预期性\n"
    )
    assert cells(text) == [
        ("地区生产总值目标增长", 6.0, "%", "target", "approx", 2023),
        ("地区生产总值实际增长", 5.7, "%", "change", "none", 2023),
        ("一般公共预算收入目标增长", 6.5, "%", "target", "none", 2023),
        ("一般公共预算收入实际增长", 7.1, "%", "change", "none", 2023),
    ]


def test_a_budget_tables_twin_columns_are_named_and_the_share_of_the_budget_is_a_level():
    """预算数 and 决算数 in one unit: the label alone would not say which is which; 完成预算（%） says how much of
    the budget was done (a level), 预算数 is the year's own plan (a target of 2023)."""
    text = "项目 预算数（万元） 决算数（万元） 完成预算（%）\n税收收入 12000 12630 105.3\n"
    assert cells(text) == [
        ("税收收入预算数", 120000000.0, "元", "target", "none", 2023),
        ("税收收入决算数", 126300000.0, "元", "level", "none", 2023),
        ("税收收入", 105.3, "%", "level", "none", 2023),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "指标 累计（附表） 同比（注）\n税收收入 160.75 3.6\n",  # the brackets are notes, not units
        "指标 累计（亿元） 同比（%）\n税收收入 160.75\n",  # a missing cell: which column is it?
        "税收收入 160.75 3.6\n",  # no header at all
    ],
)
def test_a_table_whose_columns_are_not_certain_is_not_read_as_one(text):
    """Nothing is guessed: without a header of units for every value column, or with a cell missing, the numbers
    of the row are left to the prose rules (which read no unitless number)."""
    figures, _ = find_figures(text, 2023)
    assert figures == []


def test_a_line_of_units_above_a_header_of_words_gives_each_column_its_unit():
    """单位：亿元、% then 指标 总量 比上年增长 (spaced out, as a pasted table is): one unit per column, in order; a
    label may hold digits (其中：0-15岁)."""
    text = "单位：万人、%\n\n指 标 年末数 比重\n常住人口 231.40 100.0\n其中：0-15岁 48.15 20.8\n"
    assert cells(text) == [
        ("常住人口", 2314000.0, "人", "level", "none", 2023),
        ("常住人口", 100.0, "%", "level", "none", 2023),
        ("0-15岁", 481500.0, "人", "level", "none", 2023),
        ("0-15岁", 20.8, "%", "level", "none", 2023),
    ]


def test_a_table_ends_at_the_first_line_that_is_not_a_row():
    """The prose after a table is read by the prose rules, with its own subjects."""
    text = "指标 累计（亿元） 同比（%）\n税收收入 160.75 3.6\n全年接待游客1200万人次，增长8.1%。\n"
    assert cells(text)[2:] == [
        ("接待游客", 12000000.0, "人次", "level", "none", 2023),
        ("接待游客", 8.1, "%", "change", "none", 2023),
    ]


def test_a_long_run_of_digits_under_a_header_is_refused_at_once():
    """A row must part its cells by spaces or a sign: a run of digits that ends in a letter is not tried as every
    possible cut into cells (that would take longer than the universe has existed)."""
    text = "指标 累计（亿元） 同比（%）\n税收收入 " + "1" * 60 + "x\n"
    figures, _ = find_figures(text, 2023)
    assert figures == []


def test_a_column_in_any_multiple_of_a_measure_word_is_read_in_base_units_as_prose_is():
    """One conversion for prose and tables: a column in 万台 or 百万元 is accepted because its cells can be stored
    in 台 and 元 (an accepted column whose cells kept 万台 would be refused by the schema), and 千瓦 stays a unit."""
    text = "指标 产量（万台） 投资（百万元） 装机（千瓦）\n甲产品 12.5 3.4 800\n"
    assert cells(text) == [
        ("甲产品", 125000.0, "台", "level", "none", 2023),
        ("甲产品", 3400000.0, "元", "level", "none", 2023),
        ("甲产品", 800.0, "千瓦", "level", "none", 2023),
    ]


def test_a_table_of_several_years_reads_each_cell_with_its_rows_unit_and_its_columns_year():
    """项目名称 单位 2019年 … 2023年 (a county communiqué's summary of five years): each row's unit is a cell of its
    own (joined to the label once cleaning has removed the spaces between Chinese characters); a rate of growth is
    a change; a row with no unit is passed over (which unit its numbers have is not guessed)."""
    text = (
        "甲县2019年-2023年主要经济指标情况表\n"
        "项  目  名  称 单位 2021年 2022年 2023年\n"
        "一、年末户籍人口 万人 21.35 21.62 21.90\n"
        "二、地区生产总值(GDP) 亿元 31.20 33.05 35.80\n"
        "地区生产总值(GDP)增速 (%) 5.1 3.2 6.4\n"
        "人均地区生产总值(GDP) 14210 15080 16120\n"
    )
    got = [(s, v, u, r, y) for s, v, u, r, _, y in cells(text)]
    assert got == [
        ("年末户籍人口", 213500.0, "人", "level", 2021),
        ("年末户籍人口", 216200.0, "人", "level", 2022),
        ("年末户籍人口", 219000.0, "人", "level", 2023),
        ("地区生产总值（GDP）", 3120000000.0, "元", "level", 2021),
        ("地区生产总值（GDP）", 3305000000.0, "元", "level", 2022),
        ("地区生产总值（GDP）", 3580000000.0, "元", "level", 2023),
        ("地区生产总值（GDP）增速", 5.1, "%", "change", 2021),
        ("地区生产总值（GDP）增速", 3.2, "%", "change", 2022),
        ("地区生产总值（GDP）增速", 6.4, "%", "change", 2023),
    ]


def test_a_table_copied_one_cell_per_line_keeps_its_cells_apart_across_group_headings():
    """A web table copied one cell per line, with group headings (按行业分) between its rows: the cleaner must not
    join a cell's number to the one before it (8042782 then 6.1 is no 80427826.1), and the rows go on after a
    heading."""
    text = (
        "表1 2023年甲区地区生产总值\n指标\n绝对额(万元)\n同比增长(%)\n地区生产总值\n5021350\n5.2\n"
        "按行业分\n  农林牧渔业\n61230\n2.9\n   工业\n102345\n-8.5\n按产业分\n  第一产业\n60120\n3.1\n"
    )
    assert cells(text) == [
        ("地区生产总值", 50213500000.0, "元", "level", "none", 2023),
        ("地区生产总值", 5.2, "%", "change", "none", 2023),
        ("农林牧渔业", 612300000.0, "元", "level", "none", 2023),
        ("农林牧渔业", 2.9, "%", "change", "none", 2023),
        ("工业", 1023450000.0, "元", "level", "none", 2023),
        ("工业", -8.5, "%", "change", "none", 2023),
        ("第一产业", 601200000.0, "元", "level", "none", 2023),
        ("第一产业", 3.1, "%", "change", "none", 2023),
    ]


def test_a_column_in_full_width_percent_is_stored_in_percent_as_prose_is():
    """（％） and （%） are one unit: a table's cells are stored as prose figures are (%, 个百分点), by the extractor
    itself, not only after the cleaner has made ％ into %."""
    text = "表1\n指标 累计（亿元） 同比（％） 比重增减（百分点）\n一般公共预算收入 512.40 -2.3 1.2\n"
    want = [("元", "level"), ("%", "change"), ("个百分点", "change")]
    assert [(u, r) for _, _, u, r, _, _ in cells(text)] == want
    assert [(f.unit, f.role) for f in find_figures(text, 2023)[0]] == want
