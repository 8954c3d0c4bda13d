"""Export executed notebooks as self-contained, offline, reproducible HTML without code cells."""

from __future__ import annotations

import copy
import html
import re
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from .cleaning import to_traditional
from .fonts import cjk_font_face

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_CODES = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
# Markdown cells are written once in Chinese (tag `lang-zh`) and once in English (`lang-en`); a page keeps its own.
LANG_TAGS = ("lang-zh", "lang-en")
LAB_ONLY = "lab-only"  # e.g. the notebook's own title: the page shows a heading built from the data instead
TITLE_RE = re.compile(r'<header class="page-header" data-title="([^"]*)"')
# Metadata that changes from run to run although nothing real changed.
_VOLATILE_META = ("papermill", "execution", "collapsed", "scrolled")


@cache
def exporter(lang: str = "zh-Hans") -> HTMLExporter:
    """One HTML exporter per language, reused across notebooks (building one is slow)."""
    exp = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exp.language_code = LANG_CODES.get(lang, "en")
    return exp


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run times and random ids so that the same inputs give the same bytes."""
    nb.metadata.pop("papermill", None)
    for meta_key in ("widgets",):
        nb.metadata.pop(meta_key, None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        for key in _VOLATILE_META:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def for_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The notebook as a reader of `lang` sees it: the other language's text and lab-only cells dropped, and the
    Chinese text in Traditional script for zh-Hant (converted with OpenCC, as the tables and charts are)."""
    keep = "lang-en" if lang == "en" else "lang-zh"
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        tags = set(cell.metadata.get("tags", []))
        if LAB_ONLY in tags or (tags & set(LANG_TAGS) and keep not in tags):
            continue
        if cell.cell_type == "markdown" and "lang-zh" in tags and lang == "zh-Hant":
            cell.source = to_traditional(cell.source)
        cells.append(cell)
    out.cells = cells
    return out


def page_title(nb: nbformat.NotebookNode) -> str:
    """The heading the notebook's page header gives (empty when it has none)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            found = TITLE_RE.search(str(out.get("data", {}).get("text/html", "")))
            if found:
                return html.unescape(found.group(1))
    return ""


def keep_languages(page: str, langs: tuple[str, ...]) -> str:
    """The page with its links to other languages limited to `langs` (the languages that have pages)."""
    for other in LANG_CODES:
        if other not in langs:
            page = re.sub(rf'<span data-lang="{re.escape(other)}">.*?</span>', "", page)
    return re.sub(r'<span class="nav-part nav-langs">[^<]*</span>', "", page)


CHART_ALT = {"zh-Hans": "图表", "zh-Hant": "圖表", "en": "Chart"}


def keep_years(page: str, years: tuple[int, ...]) -> str:
    """The page with its links to earlier years limited to `years` (the years whose page exists)."""
    page = re.sub(r'<span data-year="(\d+)">.*?</span>', lambda m: m.group(0) if int(m.group(1)) in years else "", page)
    return re.sub(r'<span class="nav-part nav-years">[^<]*</span>', "", page)


def to_html(
    nb: nbformat.NotebookNode,
    title: str,
    lang: str = "zh-Hans",
    cache_dir: Path | None = None,
    langs: tuple[str, ...] = tuple(LANG_CODES),
    years: tuple[int, ...] | None = None,
) -> str:
    """Render a notebook as offline HTML with only its markdown (in the reader's language) and outputs, and the
    CJK glyphs it needs. The page's header, when the notebook shows one, gives the window title and links to the
    same page in the other languages of `langs` and in the earlier `years` (None: every year it names)."""
    nb = normalize(for_language(nb, lang))
    nb.metadata["title"] = page_title(nb) or title
    body, _ = exporter(lang).from_notebook_node(nb)
    body = keep_languages(body, langs)
    # nbconvert gives every chart the English alt text "No description has been provided for this image".
    body = body.replace('alt="No description has been provided for this image"', f'alt="{CHART_ALT[lang]}"')
    if years is not None:
        body = keep_years(body, years)
    return body.replace("</head>", cjk_font_face(body, cache_dir) + "</head>", 1)
