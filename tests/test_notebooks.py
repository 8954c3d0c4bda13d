"""The collection runs top to bottom under papermill on the seed data, in all three languages."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.notebooks


@pytest.fixture
def seed_run(seed_pages) -> tuple[Path, list[dict]]:
    """The seed's pages in all three languages (built once per session, shared by the browser test)."""
    return seed_pages


def test_every_notebook_runs_in_every_language(seed_run):
    out, statuses = seed_run
    assert len(statuses) == 9 and all(s["status"] == "ok" for s in statuses)
    for lang in ("zh-Hans", "zh-Hant", "en"):
        assert (out / "all" / f"10-clean-indicators.{lang}.html").exists()
        for nb in ("20-overview", "30-year-on-year"):
            assert (out / "shuangliao" / "2023" / f"{nb}.{lang}.html").exists()


def test_index_links_one_export_per_notebook_run(seed_run):
    out, _ = seed_run
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.html)"', index)
    assert len(links) == 9 and all((out / link).exists() for link in links)


def test_exports_have_no_code_and_load_nothing_from_elsewhere(seed_run):
    out, _ = seed_run
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert 'class="jp-CodeMirrorEditor' not in text and 'class="highlight' not in text, html
        assert "import " not in text and "plots.setup()" not in text, html
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"http", text), html


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-Hans", ["35岁以下执法人员占比由2021年的4%升至2023年的12%", "+8个百分点", "为原来的3倍"]),
        ("zh-Hant", ["35歲以下執法人員佔比", "+8個百分點"]),
        ("en", ["Share of law-enforcement staff under 35 rose from 4% in 2021 to 12% in 2023", "+8 pp", "×3"]),
    ],
)
def test_the_headline_change_reads_in_each_language(seed_run, lang, words):
    out, _ = seed_run
    html = (out / "shuangliao/2023" / f"30-year-on-year.{lang}.html").read_text(encoding="utf-8")
    for w in words:
        assert w in html, w
    assert html.count("<img") >= 2  # the dumbbell and the change bars


def test_executed_notebooks_carry_no_warnings_or_errors(seed_run):
    out, _ = seed_run
    for path in out.rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for o in cell.get("outputs", []):
                assert o["output_type"] != "error", path
                assert not (o["output_type"] == "stream" and o["name"] == "stderr"), (path, o["text"][:300])


# Three or more English words in a row: prose. Commands, file names and addresses have no spaces between words.
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")


def visible_text(page: str) -> str:
    """What a reader sees: no styles, no code spans (commands and file names), no link to the English page."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code\b.*?</code>", " ", page, flags=re.S)
    page = re.sub(r'<a [^>]*lang="en"[^>]*>.*?</a>', " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_pages_have_no_english_prose(seed_run, lang):
    out, _ = seed_run
    for page in out.rglob(f"*.{lang}.html"):
        found = ENGLISH_PROSE.findall(visible_text(page.read_text(encoding="utf-8")))
        assert not found, (page.name, found[:5])
        assert "No description" not in page.read_text(encoding="utf-8")  # a screen reader's text is prose too


def test_the_english_page_has_no_chinese_prose_outside_names_and_phrases(seed_run):
    out, _ = seed_run
    text = visible_text((out / "shuangliao/2023/30-year-on-year.en.html").read_text(encoding="utf-8"))
    assert "What changed" in text and "同比变化" not in text and "头条指标" not in text


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        ("shuangliao/2023/30-year-on-year.zh-Hans.html", "双辽市2023年 · 同比变化"),
        ("shuangliao/2023/20-overview.zh-Hant.html", "雙遼市2023年 · 一年概覽"),
        ("shuangliao/2023/30-year-on-year.en.html", "Shuangliao 2023 · What changed, and by how much?"),
        ("all/10-clean-indicators.en.html", "All reports · Clean the reports and extract every indicator"),
    ],
)
def test_each_page_names_place_and_year_and_links_index_and_languages(seed_run, page, heading):
    out, _ = seed_run
    text = (out / page).read_text(encoding="utf-8")
    assert f"<title>{heading}</title>" in text and "<h1" in text and heading in text
    links = re.findall(r'<a href="([^"#]+\.html)"', text)
    targets = {(out / page).parent.joinpath(link).resolve() for link in links}
    assert (out / "index.html").resolve() in targets
    assert len([t for t in targets if t.name.startswith(Path(page).name.split(".")[0])]) == 2  # the other languages
    assert all(t.exists() for t in targets), [str(t) for t in targets if not t.exists()]


def test_tables_show_no_row_numbers_or_raw_codes(seed_run):
    out, _ = seed_run
    for page in out.rglob("*.zh-Hans.html"):
        text = page.read_text(encoding="utf-8")
        assert "<th>0</th>" not in text and "NaN" not in visible_text(text), page.name
        for code in ("shuangliao", "enforcement_staff_under35_share", ">level<", ">none<", ">flagged<"):
            assert code not in visible_text(text), (page.name, code)
