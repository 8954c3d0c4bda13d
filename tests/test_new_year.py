"""The analysts' routine: add next year's report, run the collection, get the comparison (synthetic data)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, built_once, statuses

from helpers import compare, dataset
from helpers.runner import run
from helpers.sources import register_report

SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"
META = {
    "title": "合成测试报告",
    "organisation": "测试",
    "region_zh": "双辽市",
    "region_en": "Shuangliao",
    "synthetic": "true",
    "notes": "made up for tests; not real data",
}

# indicator -> (previous year, previous, current, abs change, pct change, pp change, approximate), by hand.
EXPECTED_2024 = {
    "first_secretaries_assigned": (2023, 207, 215, 8, 100 * 8 / 207, None, False),
    "village_offices_built_or_repaired": (2023, 25, 30, 5, 20.0, None, False),  # first half against first half
    "resident_cadre_funding": (2023, 1_848_700, 2_000_000, 151_300, 100 * 151_300 / 1_848_700, None, False),
    "enforcement_staff_under35_share": (2023, 12, 15, 3, None, 3, False),
    "young_new_members_share": (2023, 68.5, 70.5, 2, None, 2, False),
    "member_training_attendance": (2023, 3200, 3500, 300, 9.375, None, True),  # 3200余 -> 3500余
    "branch_activities": (2023, 70, 60, -10, -100 * 10 / 70, None, True),
}

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def next_year(tmp_path_factory, worker_id) -> tuple[Path, Path, list[dict], dict[str, bytes]]:
    """The analysts' routine on a copy of the data: the collection built for 2023, then a synthetic Shuangliao 2024
    and a synthetic county added and the collection run again (once per session: tests only read it). Returns the
    data, the reports, the second run's page statuses and the 2023 pages' bytes before it."""

    def build(root: Path) -> list[dict]:
        data, out = root / "data", root / "reports"
        shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
        (data / "processed").mkdir()
        assert not run(data_dir=data, out_dir=out, jobs=2, progress=False).failed
        shutil.copytree(out / "shuangliao/2023", root / "before", ignore=shutil.ignore_patterns(".*", "*.ipynb"))
        register_report(data, SYNTHETIC / "shuangliao_2024.txt", "shuangliao", 2024, META)
        county = META | {"region_zh": "某某县", "region_en": "A county"}
        register_report(data, SYNTHETIC / "county_2024.txt", "county", 2024, county)
        return statuses(run(data_dir=data, out_dir=out, jobs=2, progress=False))

    root, pages = built_once(tmp_path_factory, worker_id, "new-year", build)
    before = {p.name: p.read_bytes() for p in (root / "before").glob("*.html")}
    return root / "data", root / "reports", pages, before


def test_the_new_year_runs_without_code_change(next_year):
    _, out, pages, _ = next_year
    assert all(p["status"] in ("ok", "skipped") for p in pages), pages
    for region, year in (("shuangliao", 2023), ("shuangliao", 2024), ("county", 2024)):
        for nb in ("20-overview", "30-year-on-year"):
            assert (out / region / str(year) / f"{nb}.zh-Hans.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="shuangliao/2024/') == 2 and 'href="all/10-clean-indicators.zh-Hans.html"' in index


def test_next_years_reports_leave_this_years_pages_as_they_were(next_year):
    """Only what reads the new reports reruns: the batch notebook and the new reports' pages, not 2023's."""
    _, out, pages, before = next_year
    assert len(before) == 2 and {p.name: p.read_bytes() for p in (out / "shuangliao/2023").glob("*.html")} == before
    ran = sorted(
        (p["notebook"], p["params"].get("region", ""), p["params"].get("year", 0)) for p in pages if p["status"] == "ok"
    )
    assert ran == [
        ("10-clean-indicators", "", 0),
        ("20-overview", "county", 2024),
        ("20-overview", "shuangliao", 2024),
        ("30-year-on-year", "county", 2024),
        ("30-year-on-year", "shuangliao", 2024),
    ]
    assert sorted(p["params"]["year"] for p in pages if p["status"] == "skipped") == [2023, 2023]
    # The new year's page names every report it draws on, flags the synthetic one, and links back to 2023.
    page = (out / "shuangliao/2024/30-year-on-year.zh-Hans.html").read_text(encoding="utf-8")
    assert "双辽市2024年 · 同比变化" in page and "注意：本页使用了合成数据" in page and "双辽市2024年报告" in page
    sources = page.split("资料来源")[-1]  # the table of every report the page uses
    assert "以“六个聚力”推动基层党建工作质量整体提升" in sources and "合成测试报告" in sources
    assert 'href="../../shuangliao/2023/30-year-on-year.zh-Hans.html"' in page


def test_year_on_year_table_matches_hand_computed_values(next_year):
    data, _, _, _ = next_year
    comp = compare.compare(dataset.load_indicators(data), "shuangliao", 2024, links=dataset.load_links(data))
    assert set(comp["link"]) == {"catalog"} and not comp["review"].any()
    comp = comp.set_index("indicator_id")
    assert set(comp.index) == set(EXPECTED_2024)
    for iid, (py, before, now, diff, pct, pp, approx) in EXPECTED_2024.items():
        row = comp.loc[iid].to_dict()
        assert (row["previous_year"], row["previous_value"], row["value"]) == (py, before, now), iid
        assert row["years_between"] == 1 and math.isclose(row["abs_change"], diff), iid
        assert _same(row["pct_change"], pct) and _same(row["pp_change"], pp), iid
        assert bool(row["approximate"]) is approx, iid
    assert comp.loc["branch_activities", "direction"] == "down"


def _same(got, want) -> bool:
    if want is None:
        return got is None or math.isnan(got)
    return math.isclose(got, want)


def test_reports_show_the_change_and_a_stated_baseline(next_year):
    _, out, _, _ = next_year
    html_2024 = (out / "shuangliao/2024/30-year-on-year.zh-Hans.html").read_text(encoding="utf-8")
    assert "+3个百分点" in html_2024 and "由2023年的12%升至2024年的15%" in html_2024
    html_county = (out / "county/2024/30-year-on-year.zh-Hans.html").read_text(encoding="utf-8")
    # The county has no earlier report, but its text states a 2022 baseline: that pair is compared, nothing else.
    assert "35岁以下网格员占比（未编目）" in html_county and "+12个百分点" in html_county
    assert "2024年报告原文所述" in html_county


def test_a_second_run_with_nothing_changed_skips_everything(next_year):
    data, out, _, _ = next_year
    again = run(data_dir=data, out_dir=out, jobs=2, progress=False)
    assert {r.status for r in again.results} == {"skipped"}


def test_a_page_links_only_to_earlier_years_whose_page_exists(tmp_path):
    """A `--year` run on a fresh folder builds no earlier page, so it links to none; once the earlier page is
    built, the later page is rebuilt with the link."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    (data / "processed").mkdir()
    register_report(data, SYNTHETIC / "shuangliao_2024.txt", "shuangliao", 2024, META)
    # The place's own headline setting (README) is honoured, and said so on the page.
    (data / "raw" / "regions.csv").write_text("region,headline\nshuangliao,first_secretaries_assigned\n")
    out, nb = tmp_path / "reports", ["30-year-on-year"]
    page = out / "shuangliao/2024/30-year-on-year.zh-Hans.html"
    assert not run(data_dir=data, out_dir=out, years=[2024], notebook_names=nb, progress=False).failed
    assert "双辽市2024年 · 同比变化" in page.read_text(encoding="utf-8")
    assert "头条指标由本地区的设置选定" in page.read_text(encoding="utf-8")
    assert "shuangliao/2023/" not in page.read_text(encoding="utf-8") and not (out / "shuangliao/2023").exists()
    summary = run(data_dir=data, out_dir=out, notebook_names=nb, progress=False)
    ran = sorted((r.notebook, r.params.get("year")) for r in summary.results if r.status == "ok")
    assert ran == [("30-year-on-year", 2023), ("30-year-on-year", 2024)]
    assert 'href="../../shuangliao/2023/30-year-on-year.zh-Hans.html"' in page.read_text(encoding="utf-8")
    assert {r.status for r in run(data_dir=data, out_dir=out, notebook_names=nb, progress=False).results} == {"skipped"}
