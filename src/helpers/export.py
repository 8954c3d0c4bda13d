"""Export executed notebooks as self-contained, offline, reproducible HTML without code cells."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from .fonts import cjk_font_face

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_CODES = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
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


def to_html(nb: nbformat.NotebookNode, title: str, lang: str = "zh-Hans", cache_dir: Path | None = None) -> str:
    """Render a notebook as offline HTML with only its markdown and outputs, and the CJK glyphs it needs."""
    nb = normalize(nb)
    nb.metadata["title"] = title
    body, _ = exporter(lang).from_notebook_node(nb)
    return body.replace("</head>", cjk_font_face(body, cache_dir) + "</head>", 1)
