"""Every chart the notebooks show: one look, CJK-capable fonts, titles that state the finding."""

from __future__ import annotations

import re
import textwrap
from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from .fonts import cjk_font_path
from .i18n import indicator_name, t, unit_en, zh

PALETTE = {"up": "#1b7837", "down": "#b2182b", "flat": "#777777", "previous": "#9ecae1", "current": "#08519c"}


@cache
def cjk_font_name() -> str:
    """Register Noto Sans CJK SC with matplotlib and return its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup() -> None:
    """Theme and fonts for every chart (call once per notebook, before plotting)."""
    sns.set_theme(style="whitegrid", context="notebook")
    # sns.set_theme resets the font list, so the CJK font is registered after it.
    name = cjk_font_name()
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [name, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "text.parse_math": False,  # report titles and phrases may hold $: text, never mathematics
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titleweight": "normal",
            "axes.titlesize": 13,
            "axes.titlelocation": "left",
        }
    )
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        pass


def show(fig: Figure) -> None:
    """Show a chart where the notebook calls this (not at the end of the cell) and free it."""
    from IPython.display import display

    display(fig)
    plt.close(fig)


# A number with its sign, decimals and percent, or a Latin word, is never split; every CJK character may end a line.
_TOKEN_RE = re.compile(r"[+\-−]?[0-9][0-9.,%×:/]*(?:万亿|亿|万)?元?|[A-Za-z][A-Za-z0-9'’-]*|\s+|.")
_NO_LINE_START = "，。；、：）)%》”"


def _wrap(text: str, width: int) -> str:
    """Wrap a label to about `width` CJK characters (a Latin letter or digit counts half); CJK text has no spaces, so
    it breaks between characters, but never inside a number or word, nor before closing punctuation."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "\n".join(textwrap.wrap(text, width * 2)) or text
    lines, line, used = [], "", 0.0
    for token in _TOKEN_RE.findall(text):
        size = sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in token)
        if line.strip() and used + size > width and token[0] not in _NO_LINE_START and not token.isspace():
            lines.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return "\n".join(lines)


def _finish(fig: Figure, title: str, source: str) -> Figure:
    fig.suptitle(_wrap(title, 34), x=0.01, ha="left", fontsize=14)
    # One line per report named (the sources are separated by ；), each wrapped if long.
    source = "\n".join(_wrap(part, 70) for part in source.replace("; ", "；").split("；"))
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8.5, color="#555555")
    lines = source.count("\n") + 1
    # Room at the bottom for the source lines (about 0.16 inch each), however tall the chart is.
    fig.tight_layout(rect=(0, min(0.3, (0.08 + 0.16 * lines) / fig.get_figheight()), 1, 0.97))
    return fig


def figures_per_section(counts: pd.DataFrame, lang: str, title: str, source: str) -> Figure:
    """Horizontal bars: how many figures each section of a report gives (columns: section_name, figures)."""
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(counts) + 1.6))
    labels = [_wrap(s, 16) for s in counts["section_name"]]
    ax.barh(labels, counts["figures"], color=PALETTE["current"])
    ax.invert_yaxis()
    for y, v in enumerate(counts["figures"]):
        ax.text(v + 0.2, y, str(int(v)), va="center", fontsize=10)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(t("n_figures_axis", lang))
    ax.set_ylabel("")
    ax.set_xlim(0, counts["figures"].max() * 1.12 + 1)
    ax.grid(axis="y", visible=False)
    return _finish(fig, title, source)


def dumbbell(rows: pd.DataFrame, axis_label: str, axis_end: float, title: str, source: str) -> Figure:
    """Earlier and current value of each indicator joined by a line (columns from present.headline_chart)."""
    fig, ax = plt.subplots(figsize=(8, 0.9 * len(rows) + 2.0))
    for i, r in enumerate(rows.itertuples(index=False)):
        ax.plot([r.start, r.end], [i, i], color=PALETTE[r.direction], lw=3, zorder=1)
        ax.scatter([r.start], [i], s=120, color=PALETTE["previous"], zorder=2, edgecolor="white")
        ax.scatter([r.end], [i], s=120, color=PALETTE["current"], zorder=3, edgecolor="white")
        for x, label, dy, color in ((r.start, r.start_label, -30, "#333"), (r.end, r.end_label, 12, "#08519c")):
            ax.annotate(label, (x, i), textcoords="offset points", xytext=(0, dy), ha="center", fontsize=9, color=color)
    ax.set_yticks(range(len(rows)), [_wrap(n, 14) for n in rows["name"]])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlim(0, axis_end)
    ax.set_xlabel(axis_label)
    ax.grid(axis="y", visible=False)
    return _finish(fig, title, source)


def change_bars(comp: pd.DataFrame, lang: str, title: str, source: str, names: list[str]) -> Figure:
    """Diverging bars on two axes that are never mixed: % change for counts and money, percentage points for shares."""
    comp = comp.assign(name=names, change=comp["pct_change"].fillna(comp["pp_change"]))
    comp = comp[comp["change"].notna()]  # a change from zero has no percent: it is in the table, not the chart
    panels = [
        (k, g.sort_values("change"))
        for k, g in ((False, comp[comp["kind"] != "share"]), (True, comp[comp["kind"] == "share"]))
        if len(g)
    ]
    heights = [0.42 * len(g) + 1.0 for _, g in panels] or [1.0]
    fig, axes = plt.subplots(
        len(panels) or 1, 1, figsize=(8.5, sum(heights) + 1.0), squeeze=False, gridspec_kw={"height_ratios": heights}
    )
    for ax, (share, g) in zip(axes[:, 0], panels, strict=False):
        ys = range(len(g))  # positions, not labels: two rows may carry the same name
        sizes = abs(g["change"]).sort_values(ascending=False).tolist()
        span = max(sizes[0], 1)
        if len(sizes) > 2 and sizes[0] > 4 * max(sizes[1], 1):  # one outlier (+1,663 %) must not flatten the rest
            span = 2 * max(sizes[1], 1)
        drawn = g["change"].clip(-span, span)
        ax.barh(list(ys), drawn, color=[PALETTE[d] for d in g["direction"]])
        ax.set_yticks(list(ys), [_wrap(n, 18) for n in g["name"]])
        suffix = t("pp", lang).strip() if share else "%"
        for y, (_, r) in zip(ys, g.iterrows(), strict=True):
            number = f"{r['change']:+.1f}".replace(".0", "") if abs(r["change"]) < 1000 else f"{r['change']:+,.0f}"
            gap = " " if lang == "en" and share else ""
            text = ("≈" if r["approximate"] else "") + f"{number}{gap}{suffix}"
            if abs(r["change"]) > span:
                text += t("off_axis", lang)
            at = max(-span, min(span, r["change"]))
            ax.text(at, y, f" {text} ", va="center", ha="left" if r["change"] >= 0 else "right", fontsize=9)
        ax.set_xlim(-span * 1.45 if (g["change"] < 0).any() else -span * 0.05, span * 1.45)
        ax.axvline(0, color="#333", lw=0.8)
        ax.set_xlabel(t("pp_axis" if share else "pct_only_axis", lang))
        ax.grid(axis="y", visible=False)
    return _finish(fig, title, source)


def small_multiples(ser: pd.DataFrame, lang: str, title: str, source: str) -> Figure:
    """One small line chart per indicator (columns from compare.series), each with its own unit."""
    ids = list(dict.fromkeys(ser["series"]))
    cols = min(3, len(ids))
    rows = -(-len(ids) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.7 * rows + 1.2), squeeze=False)
    years = sorted(ser["year"].unique())
    for ax, iid in zip(axes.flat, ids, strict=False):
        d = ser[ser["series"] == iid]
        first = d.iloc[0]
        name = indicator_name(first, lang)
        ax.plot(d["year"], d["value"], marker="o", color=PALETTE["current"])
        ax.set_title(_wrap(name, 13), fontsize=10, fontweight="normal")
        ax.set_xticks(years, [str(y) for y in years])
        unit = first["unit"]
        ax.set_ylabel(unit_en(unit) if lang == "en" else zh(unit, lang), fontsize=9)
        ax.set_ylim(bottom=0)
    for ax in list(axes.flat)[len(ids) :]:
        ax.set_visible(False)
    return _finish(fig, title, source)
