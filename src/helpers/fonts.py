"""Embed the Chinese glyphs a page uses, cut from Noto Sans CJK SC, so pages show Chinese on any machine."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

from . import atomic

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
SUBSET_VERSION = 1  # bump when the subsetting options change, so cached subsets are cut again


def cjk_font_path() -> Path:
    """Noto Sans CJK SC, as shipped by the mplfonts package (so no system font is needed)."""
    import importlib.util

    spec = importlib.util.find_spec("mplfonts")  # located without importing it (it imports matplotlib)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("mplfonts is not installed; run `make install`")
    return Path(spec.origin).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"


def cjk_font_face(text: str, cache_dir: Path | None = None) -> str:
    """An @font-face rule embedding the glyphs `text` uses, cut from Noto Sans CJK SC.

    Readers without a Chinese font (a minimal Linux, some English-language machines) would otherwise see boxes;
    the subset keeps each page small. Cutting takes about a second, so subsets are cached in `cache_dir` by the
    characters they hold (the same report text gives the same subset).
    """
    chars = "".join(sorted(ch for ch in set(text) if any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)))
    if not chars:
        return ""
    font_path = cjk_font_path()
    key = hashlib.sha256(f"{SUBSET_VERSION}|{font_path.stat().st_size}|{chars}".encode()).hexdigest()
    cached = Path(cache_dir) / f"{key}.b64" if cache_dir is not None else None
    if cached is not None and cached.exists():
        data = cached.read_text(encoding="ascii")
    else:
        data = base64.b64encode(_subset(font_path, chars)).decode("ascii")
        if cached is not None:
            atomic.write_text(cached, data)
    return (
        f'<style type="text/css">@font-face {{ font-family: "{EMBEDDED_FONT}"; '
        f'src: url(data:font/otf;base64,{data}) format("opentype"); unicode-range: {UNICODE_RANGE}; }}</style>\n'
    )


def _subset(font_path: Path, chars: str) -> bytes:
    """The font cut down to `chars` (OpenType/CFF bytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # Horizontal Chinese needs no layout tables; dropping them halves the size and the time.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.desubroutinize = True  # faster to cut, and smaller once cut
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(font_path), lazy=True, recalcTimestamp=False)  # same bytes on every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in chars])
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()
