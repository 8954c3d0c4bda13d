"""A synthetic report (tests/fixtures/synthetic/county_2024.txt, made up) in the seed's style but other sentences."""

from __future__ import annotations

from pathlib import Path

from helpers import dataset
from helpers.textio import read_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# (value, unit, qualifier, period, number_as_written), worked out by hand from the made-up text.
EXPECTED = [
    (12, "期", "none", "2024", "12"),
    (1560, "人次", "none", "2024", "1,560"),
    (10, "名", "more_than", "2024", "十余"),  # 十余名: a Chinese numeral that counts people
    (300, "名", "approx", "2024", "近300"),
    (120_000_000, "元", "none", "2024", "1.2亿"),  # 累计达 is not a qualifier
    (38, "个", "none", "2024", "38"),  # 超过50万元的村 is a threshold, not a figure
    (36_000_000, "元", "none", "2024", "3,600万"),
    (120, "栋", "none", "2024", "120"),  # 新建蔬菜大棚120栋: 栋 is a measure word too
    (1250, "件", "none", "2024", "1,250"),
    (98.6, "%", "none", "2024", "98.6"),
    (15, "%", "none", "2022", "15"),
    (27, "%", "none", "2024", "27"),
    (45, "支", "none", "2024", "45"),
    (3000, "小时", "more_than", "2024", "超过3000"),
    (56_000, "户", "approx", "2024", "约5.6万"),
]


def extract(reference):
    text = read_report(FIXTURES / "synthetic" / "county_2024.txt").text
    return dataset.extract_text(text, "county", 2024, reference, author="李明")  # the manifest names the author


def test_synthetic_report_is_extracted_figure_by_figure(reference):
    rows = extract(reference).rows
    got = [(r.value, r.unit, r.qualifier, r.period, r.number_as_written) for r in rows.itertuples(index=False)]
    assert got == [(float(v), u, q, p, n) for v, u, q, p, n in EXPECTED]


def test_list_counts_and_thresholds_are_skipped(reference):
    skipped = set(map(tuple, extract(reference).skipped.to_numpy()))
    assert ("六项", "count of the report's own list") in skipped  # 二是落实六项措施 (the list follows)
    assert ("超过50万元", "threshold") in skipped
    assert ("三个", "label (inside quotation marks)") in skipped


def test_unseen_figures_are_kept_without_an_id(reference):
    rows = extract(reference).rows
    assert rows["indicator_id"].isna().all()  # another county's sentences match none of Shuangliao's catalog
    assert rows["source_phrase"].str.len().gt(0).all()


def test_a_short_first_line_is_the_author_only_when_the_manifest_says_so(reference):
    text = "工作总结\n今年以来，全县开展活动12场。\n"
    kept = dataset.extract_text(text, "x", 2024, reference).cleaned
    assert "author" not in kept.metadata and kept.simplified.startswith("工作总结")
    moved = dataset.extract_text("李明\n今年以来，全县开展活动12场。\n", "x", 2024, reference, author="李明").cleaned
    assert moved.metadata["author"] == "李明" and moved.simplified.startswith("今年以来")


def test_metadata_and_pinyin_of_the_synthetic_report(reference):
    result = extract(reference)
    assert result.cleaned.metadata == {"author": "李明", "editor": "王五", "affiliation": "中共某某縣委組織部"}
    assert "培训" in result.cleaned.simplified and "(" not in result.cleaned.simplified


def test_a_place_with_headings_of_its_own_keeps_them(reference):
    """SYNTHETIC: a county whose headings sections.csv does not list. Its figures stay under its own headings (a
    catalogued one too), and the pages name those headings, not another place's or "Other"."""
    from helpers import dataset, present

    text = (
        "某县2023年组织工作总结\n一、干部队伍建设\n全年选派干部92名到村担任第一书记。培训干部1200人次。\n"
        "二、基层组织建设\n新建党群服务中心12个。\n"
    )
    rows = dataset.extract_text(text, "mou", 2023, reference).rows
    assert rows["indicator_id"].tolist()[0] == "first_secretaries_assigned"  # matched, yet in its own section
    counts = present.section_counts(rows, reference.sections, "zh-Hans")
    assert counts[["section_name", "figures"]].values.tolist() == [["一、干部队伍建设", 2], ["二、基层组织建设", 1]]
    assert present.section_labels(rows, reference.sections, "zh-Hant").tolist()[2] == "二、基層組織建設"


def test_a_count_written_negative_is_listed_for_a_person_not_read_positive(reference):
    # 发展党员负5名 (a net fall written as a negative count): it was read as +5; a count cannot be negative, so the
    # schema refuses it and it is listed with the reason, where a person sees it
    ex = dataset.extract_text("全县发展党员负5名，党员总数1200名。", "x", 2023, reference, [], "x.txt", "utf-8", "", "")
    assert ex.rows["value"].tolist() == [1200]
    assert ex.skipped["phrase"].str.contains("负5名").any()
    assert ex.skipped["reason"].str.startswith("refused by the schema").any()
