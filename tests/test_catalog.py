"""The catalog and sections tables: the real ones load, every malformed row is named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths
from helpers.catalog import load_catalog, load_sections, match_entry
from helpers.errors import InputError

HEADER = "indicator_id,section,unit,kind,name_zh,name_en,pattern\n"
GOOD = "first_secretaries,cadres,名,count,第一书记,First secretaries,{n}干部到村担任第一书记\n"


@pytest.fixture
def sections():
    return load_sections(paths.sections_path())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_catalog_loads_and_every_entry_is_used_by_the_seed(reference, seed):
    ids = {e.indicator_id for e in reference.catalog}
    assert ids == set(seed.rows["indicator_id"])  # no dead entry, no uncatalogued seed figure
    assert len(ids) == 58


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("indicator_id,section,unit\nx,cadres,名\n", r"catalog\.csv:1: missing column\(s\) kind, name_zh"),
        (HEADER + GOOD + GOOD, r"catalog\.csv:3: column 'indicator_id': duplicate id 'first_secretaries'"),
        (HEADER + GOOD.replace("cadres", "nowhere"), r"catalog\.csv:2: column 'section': unknown section 'nowhere'"),
        (HEADER + GOOD.replace(",名,", ",头,"), r"catalog\.csv:2: column 'unit': '头'"),
        (HEADER + GOOD.replace("count", "ratio"), r"catalog\.csv:2: column 'kind': 'ratio'"),
        (HEADER + GOOD.replace(",名,count", ",%,count"), r"column 'kind': 'count' does not fit unit '%'"),
        (HEADER + GOOD.replace("{n}", ""), r"catalog\.csv:2: column 'pattern': must contain '\{n\}'"),
        (HEADER + GOOD.replace("{n}干部", "({n}干部"), r"catalog\.csv:2: column 'pattern': not a valid regular"),
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


def test_pattern_matches_around_the_figure_only(tmp_path, sections):
    (entry,) = load_catalog(write(tmp_path, HEADER + GOOD), sections)
    clause = "全覆盖选派207名干部到村担任第一书记"
    start = clause.index("207")
    assert match_entry(clause, start, start + 4, "名", "cadres", [entry])[0] is entry
    assert match_entry(clause, start, start + 4, "人", "cadres", [entry])[0] is None  # other unit: no match
    other = "13名干部到社区担任第二书记"
    assert match_entry(other, 0, 3, "名", "cadres", [entry])[0] is None
