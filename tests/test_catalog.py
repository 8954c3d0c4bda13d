"""The catalog and sections tables: the real ones load, every malformed row is named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_DATA

from helpers import dataset, paths
from helpers.catalog import load_catalog, load_sections, match_entry
from helpers.dataset import load_reference
from helpers.errors import InputError

HEADER = "indicator_id,section,unit,kind,name_zh,name_en,subjects\n"
GOOD = "first_secretaries,cadres,名,count,第一书记,First secretaries,选派干部到村担任第一书记 | 选派第一书记\n"


@pytest.fixture
def sections():
    return load_sections(paths.sections_path(FIXTURE_DATA))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_frozen_catalog_loads_and_every_entry_is_used_by_the_seed(reference, seed_linked):
    ids = {e.indicator_id for e in reference.catalog}
    assert ids == set(seed_linked[0]["indicator_id"])  # no dead entry, no uncatalogued seed figure
    assert len(ids) == 58


def test_the_live_catalog_and_slogans_load():
    # The live data/ may grow: it must load (rules), whatever it holds.
    ref = load_reference(paths.DATA_DIR)  # live data: rules only
    assert ref.catalog and all(e.subjects for e in ref.catalog)
    assert "四个意识" in ref.slogans


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("indicator_id,section,unit\nx,cadres,名\n", r"catalog\.csv:1: missing column\(s\) kind, name_zh"),
        (HEADER + GOOD + GOOD, r"catalog\.csv:3: column 'indicator_id': duplicate id 'first_secretaries'"),
        (HEADER + GOOD.replace("cadres", "nowhere"), r"catalog\.csv:2: column 'section': unknown section 'nowhere'"),
        (HEADER + GOOD.replace(",名,", ",斤两,"), r"catalog\.csv:2: column 'unit': '斤两'"),
        (HEADER + GOOD.replace("count", "ratio"), r"catalog\.csv:2: column 'kind': 'ratio'"),
        (HEADER + GOOD.replace(",名,count", ",%,count"), r"column 'kind': 'count' does not fit unit '%'"),
        (HEADER + GOOD.replace("选派干部到村担任第一书记 | 选派第一书记", " | "), r"catalog\.csv:2: column 'subjects'"),
        (
            HEADER + GOOD + GOOD.replace("first_secretaries", "other_id"),
            r"catalog\.csv:3: column 'subjects': '选派干部到村担任第一书记' in 名 is already a phrasing of 'first_sec",
        ),
        (HEADER + GOOD.replace("first_secretaries", "First Secretaries"), r"must be lower_snake_case"),
        (HEADER + GOOD.replace(",First secretaries,", ",,"), r"catalog\.csv:2: column 'name_en' is empty"),
        (HEADER + "a,b\n", r"catalog\.csv:2: has"),
    ],
)
def test_malformed_catalog_rows_are_named(tmp_path, sections, rows, message):
    with pytest.raises(InputError, match=message):
        load_catalog(write(tmp_path, rows), sections)


def test_sections_need_intro_and_other(tmp_path):
    path = tmp_path / "sections.csv"
    path.write_text("section_id,order,heading_pattern,name_zh,name_en\ncadres,1,^聚力基层干部,干部,Cadres\n", "utf-8")
    with pytest.raises(InputError, match="needs a section with id 'intro'"):
        load_sections(path)
    path.write_text("section_id,order,heading_pattern,name_zh,name_en\ncadres,x,^a,干部,Cadres\n", "utf-8")
    with pytest.raises(InputError, match=r"sections\.csv:2: column 'order'"):
        load_sections(path)


def test_a_figure_matches_an_entry_by_any_phrasing_of_its_subject_in_its_unit(tmp_path, sections):
    (entry,) = load_catalog(write(tmp_path, HEADER + GOOD), sections)
    assert entry.subjects == ("选派干部到村担任第一书记", "选派第一书记")
    assert match_entry("选派第一书记", "", "名", [entry]) is entry  # a second phrasing names the same id
    assert match_entry("选派第一书记", "", "人次", [entry]) is None  # another unit: not this indicator
    assert match_entry("干部到社区担任第二书记", "", "名", [entry]) is None


def test_a_reworded_subject_finds_its_catalog_entry_by_similarity(reference):
    # 全覆盖选派…、党建指导员 in the catalog; another report writes it shorter.
    text = "聚力基层干部提能。选派２０７名干部到村担任第一书记。\n"
    rows = dataset.extract_text(text, "x", 2023, reference).rows
    assert rows["indicator_id"].tolist() == ["first_secretaries_assigned"]
    assert rows["match_note"].iloc[0].startswith("catalog phrasing by similarity")


def test_two_figures_matching_one_id_are_both_reported_not_resolved_by_order(reference):
    text = "聚力支部建设提标。培训党员3200余人次，培训党员300人次。\n"
    rows = dataset.extract_text(text, "x", 2023, reference).rows
    assert rows["indicator_id"].isna().all()
    assert rows["match_note"].str.startswith("ambiguous: 2 figures match member_training_attendance").all()


def test_a_section_heading_can_apply_to_some_regions_only(tmp_path, reference):
    path = tmp_path / "sections.csv"
    path.write_text(
        "section_id,order,heading_pattern,name_zh,name_en,regions\n"
        "intro,0,,导语,Intro,\nother,9,,其他,Other,\n"
        "cadres,1,^干部队伍建设,干部,Cadres,county | town\n",
        encoding="utf-8",
    )
    sections = load_sections(path)
    paras = dataset.paragraph_sections("导语。\n干部队伍建设方面，选派12名干部。", sections, "county")
    assert [p[2] for p in paras] == ["intro", "cadres"]
    other = dataset.paragraph_sections("导语。\n干部队伍建设方面，选派12名干部。", sections, "city")
    assert [p[2] for p in other] == ["intro", "intro"]  # not this region's heading, and not a numbered one
    numbered = dataset.paragraph_sections("导语。\n一、干部队伍建设\n选派12名干部。", sections, "city")
    assert [(p[2], p[3]) for p in numbered][1:] == [("other", "一、干部队伍建设"), ("other", "一、干部队伍建设")]
