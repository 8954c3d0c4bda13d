"""Export executed notebooks as self-contained, offline, reproducible HTML without code cells."""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

# Only Chinese characters and CJK punctuation come from the embedded font; Latin text keeps the reader's font.
CJK_RANGES = (
    (0x00B7, 0x00B7),
    (0x2014, 0x201D),
    (0x2026, 0x2026),
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)
UNICODE_RANGE = ", ".join(f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in CJK_RANGES)
EMBEDDED_FONT = "Report CJK"  # the family name the offline template lists first
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


def cjk_font_face(text: str) -> str:
    """An @font-face rule embedding the glyphs `text` uses, cut from Noto Sans CJK SC.

    Readers without a Chinese font (a minimal Linux, some English-language machines) would otherwise see boxes;
    the subset keeps each page at a few hundred kilobytes.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .plots import cjk_font_path

    chars = sorted(cp for cp in map(ord, set(text)) if any(lo <= cp <= hi for lo, hi in CJK_RANGES))
    if not chars:
        return ""
    options = subset.Options()
    # Horizontal Chinese needs no layout tables; dropping them halves the size and the time.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.desubroutinize = True  # faster to cut, and smaller once cut
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), lazy=True, recalcTimestamp=False)  # same bytes on every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'<style type="text/css">@font-face {{ font-family: "{EMBEDDED_FONT}"; '
        f'src: url(data:font/otf;base64,{data}) format("opentype"); unicode-range: {UNICODE_RANGE}; }}</style>\n'
    )


def to_html(nb: nbformat.NotebookNode, title: str, lang: str = "zh-Hans") -> str:
    """Render a notebook as offline HTML with only its markdown and outputs, and the CJK glyphs it needs."""
    nb = normalize(nb)
    nb.metadata["title"] = title
    body, _ = exporter(lang).from_notebook_node(nb)
    return body.replace("</head>", cjk_font_face(body) + "</head>", 1)
