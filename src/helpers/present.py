"""Tables and sentences the notebooks show, in the reader's language, built from the tidy data."""

from __future__ import annotations

from html import escape

import pandas as pd

from .catalog import Section
from .i18n import fmt_value, indicator_name, section_name, subject_name, t, zh
from .sources import Report


class Note:
    """A sentence shown as escaped HTML (report text must never be interpreted as markup)."""

    def __init__(self, text: str, kind: str = "info") -> None:
        self.text, self.kind = text, kind

    def _repr_html_(self) -> str:
        border = {"info": "#2b8cbe", "warning": "#e6550d"}.get(self.kind, "#2b8cbe")
        return (
            f'<div style="border-left:4px solid {border};padding:.4em .8em;margin:.5em 0;background:#f7f9fb">'
            f"{escape(self.text)}</div>"
        )

    def __repr__(self) -> str:
        return self.text


def parameters_note(**params: object) -> Note:
    """What this run was asked for, shown under the configuration heading (code is hidden in the exports)."""
    shown = {k: v for k, v in params.items() if k != "data_dir"}
    return Note(" · ".join(f"{k} = {v}" for k, v in shown.items()))


def region_name(report: Report, lang: str) -> str:
    """The report's region as readers of `lang` know it."""
    return report.meta.get("region_en", report.region) if lang == "en" else zh(report.meta.get("region_zh", ""), lang)


def source_note(report: Report, lang: str) -> str:
    """'Source: title (organisation, year)' for chart footers."""
    m = report.meta
    return t(
        "source", lang, title=zh(m.get("title", ""), lang), org=zh(m.get("organisation", ""), lang), year=report.year
    )


def provenance_table(reports: list[Report]) -> pd.DataFrame:
    """Where each report came from."""
    cols = ["region", "year", "title", "author", "organisation", "published", "url", "accessed", "synthetic"]
    rows = [{c: (r.year if c == "year" else r.meta.get(c, "")) for c in cols} for r in reports]
    return pd.DataFrame(rows, columns=cols).set_index(["region", "year"])


def repair_summary(repairs: pd.DataFrame) -> pd.DataFrame:
    """How many changes of each kind the cleaner made in each report."""
    if repairs.empty:
        return pd.DataFrame()
    return repairs.groupby(["region", "year", "encoding", "step", "status"]).size().rename("changes").reset_index()


def needs_attention(repairs: pd.DataFrame) -> pd.DataFrame:
    """Repairs that a person made or must check: flagged doubts and manual corrections."""
    if repairs.empty:
        return repairs
    keep = repairs["status"].isin(["flagged", "corrected"])
    return repairs.loc[keep, ["region", "year", "step", "status", "before", "after", "note"]].reset_index(drop=True)


def report_rows(df: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The rows one report yields, in text order."""
    return df[(df["region"] == region) & (df["report_year"] == year)].sort_values("start").reset_index(drop=True)


def section_counts(rows: pd.DataFrame, sections: list[Section], lang: str) -> pd.DataFrame:
    """Figures per section, in the report's order."""
    order = {s.section_id: s.order for s in sections}
    counts = rows.groupby("section").size().rename("figures").reset_index()
    counts["order"] = counts["section"].map(order)
    counts["section_name"] = [section_name(s, sections, lang) for s in counts["section"]]
    return counts.sort_values("order")[["section", "section_name", "figures"]].reset_index(drop=True)


def section_counts_table(df: pd.DataFrame, sections: list[Section], lang: str) -> pd.DataFrame:
    """Figures per section (rows, in report order) for every report (columns: region and year)."""
    order = {s.section_id: s.order for s in sections}
    table = df.pivot_table(
        index="section", columns=["region", "report_year"], values="value", aggfunc="size", fill_value=0
    )
    table = table.loc[sorted(table.index, key=lambda sid: order.get(sid, 99))]
    table.index = [section_name(sid, sections, lang) for sid in table.index]
    table.index.name = t("section", lang)
    return table


def indicator_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reader-facing table of indicators: name, value as said, period, source phrase."""
    return pd.DataFrame(
        {
            t("indicator", lang): indicator_names(rows, lang),
            t("value", lang): [fmt_figure(r, lang) for _, r in rows.iterrows()],
            t("period", lang): rows["period"].to_numpy(),
            t("source_phrase", lang): [zh(p, lang) for p in rows["source_phrase"]],
        }
    ).set_index(t("indicator", lang))


def fmt_figure(r: pd.Series, lang: str) -> str:
    """A figure as said, with its role: 207名 / 较上年 +15% / 目标（2025年）：20%."""
    said = fmt_value(r["value"], r["unit"], r["qualifier"], lang, r.get("value_high"))
    if r.get("role") == "change":
        return t("change_said", lang, v=("+" if r["value"] > 0 else "") + said)
    if r.get("role") == "target":
        return t("target_said", lang, v=said, year=int(r["year"]))
    return said


def indicator_names(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each row's indicator name in `lang` (for chart labels and table rows)."""
    return [indicator_name(r, lang) for _, r in rows.iterrows()]


def link_label(r: pd.Series, lang: str) -> str:
    """How a comparison's pair was made, in words: catalog, confirmed, stated, or automatic with its confidence."""
    kind = r.get("link", "auto")
    if kind == "auto":
        return t("link_auto", lang, conf=float(r.get("confidence", 0.0)))
    return t(f"link_{kind}", lang)


def linked_pairs_table(comp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each comparison's two phrases side by side, and how the pair was made, so a reader can judge it."""
    return pd.DataFrame(
        {
            t("indicator", lang): indicator_names(comp, lang),
            t("now_phrase", lang): [zh(str(p), lang) for p in comp["phrase"]],
            t("before_phrase", lang): [zh(str(p), lang) for p in comp["previous_phrase"]],
            t("how_linked", lang): [link_label(r, lang) for _, r in comp.iterrows()],
        }
    ).set_index(t("indicator", lang))


def suggestions_table(sug: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Pairs waiting for a person: numbered as `indicators link` numbers them, never charted."""
    return pd.DataFrame(
        {
            t("number", lang): range(1, len(sug) + 1),
            t("now_phrase", lang): [zh(str(p), lang) for p in sug["phrase"]],
            t("before_phrase", lang): [zh(str(p), lang) for p in sug["previous_phrase"]],
            t("confidence", lang): [f"{c:.2f}" for c in sug["confidence"]],
        }
    ).set_index(t("number", lang))


def figures_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A short list of figures: what is counted, the value as said, the phrase."""
    return pd.DataFrame(
        {
            t("subject", lang): indicator_names(rows, lang),
            t("value", lang): [fmt_value(r["value"], r["unit"], r["qualifier"], lang) for _, r in rows.iterrows()],
            t("source_phrase", lang): [zh(str(p), lang) for p in rows["phrase"]],
        }
    ).set_index(t("subject", lang))


def stated_changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Changes the report states itself (同比增长15%, 减少3个), signed and shown as stated, beside last year's stated
    change and the change computed from the levels where both exist (from compare.stated_changes)."""

    def signed(v: float | None, r: pd.Series) -> str:
        if v is None or v != v:
            return ""
        return ("+" if v > 0 else "") + fmt_value(v, r["unit"], "none", lang)

    return pd.DataFrame(
        {
            t("subject", lang): indicator_names(changes, lang),
            t("stated_change", lang): [
                ("+" if r["value"] > 0 else "")
                + fmt_value(r["value"], r["unit"], r["qualifier"], lang, r["value_high"])
                for _, r in changes.iterrows()
            ],
            t("previous_stated", lang): [signed(r["previous_stated"], r) for _, r in changes.iterrows()],
            t("computed_change", lang): [signed(r["computed"], r) for _, r in changes.iterrows()],
            t("source_phrase", lang): [zh(str(p), lang) for p in changes["phrase"]],
        }
    ).set_index(t("subject", lang))


def targets_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets (力争/计划/预计/到20XX年): never charted as results."""
    tg = rows[rows["role"] == "target"]
    return pd.DataFrame(
        {
            t("subject", lang): indicator_names(tg, lang),
            t("target", lang): [
                fmt_value(r["value"], r["unit"], r["qualifier"], lang, r["value_high"]) for _, r in tg.iterrows()
            ],
            t("target_year", lang): tg["year"].to_numpy(),
            t("source_phrase", lang): [zh(str(p), lang) for p in tg["phrase"]],
        }
    ).set_index(t("subject", lang))


def build_overview(indicators: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per report: figures by role, catalogued levels, and this year's links to the previous report."""
    if indicators.empty:
        return pd.DataFrame()
    g = indicators.groupby(["region", "report_year"])
    out = pd.DataFrame(
        {
            "figures": g.size(),
            "levels": g["role"].apply(lambda r: int((r == "level").sum())),
            "changes": g["role"].apply(lambda r: int((r == "change").sum())),
            "targets": g["role"].apply(lambda r: int((r == "target").sum())),
            "catalogued": g["indicator_id"].count(),
        }
    )
    mine = links[links["link"] != "stated"] if not links.empty else links
    for status in ("settled", "suggested"):
        counts = mine[mine["status"] == status].groupby(["region", "year"]).size() if not mine.empty else None
        out[f"links_{status}"] = [int(counts.get((r, y), 0)) if counts is not None else 0 for r, y in out.index]
    return out.reset_index()


def uncatalogued(df: pd.DataFrame) -> pd.DataFrame:
    """Figures that match no catalog entry: candidates for a new catalog row (their subject is its phrasing)."""
    cols = ["region", "report_year", "section", "role", "subject", "value", "unit", "qualifier", "phrase", "match_note"]
    return df.loc[df["indicator_id"].isna(), cols].reset_index(drop=True)


def change_text(r: pd.Series, lang: str) -> str:
    """The change in words: +8 pp (×3) for shares, +12.5% for counts and money."""
    if r["kind"] == "share":
        text = f"{r['pp_change']:+.3g}{t('pp', lang)}"
        if r["ratio"] and r["ratio"] > 0:
            text += (
                f"（{t('times', lang).format(r['ratio'])}）"
                if lang != "en"
                else f" ({t('times', lang).format(r['ratio'])})"
            )
    elif r["pct_change"] == r["pct_change"] and r["pct_change"] is not None:
        text = f"{r['pct_change']:+.1f}%"
    else:
        text = f"{r['abs_change']:+g}"
    return text + (t("approx_mark", lang) if r["approximate"] else "")


def comparison_table(comp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reader-facing comparison: earlier value, current value, change, years apart, where the earlier value is from."""

    def origin(r: pd.Series) -> str:
        if r["previous_source"] == "own_report":
            return t("report_of", lang, year=r["previous_year"])
        return t("stated_in", lang, year=r["previous_source"].rsplit("_", 1)[1])

    names = indicator_names(comp, lang)
    return pd.DataFrame(
        {
            t("indicator", lang): names,
            t("previous", lang): [
                f"{fmt_value(r['previous_value'], r['unit'], r['previous_qualifier'], lang)} ({r['previous_year']})"
                for _, r in comp.iterrows()
            ],
            t("current", lang): [
                f"{fmt_value(r['value'], r['unit'], r['qualifier'], lang)} ({r['year']})" for _, r in comp.iterrows()
            ],
            t("change", lang): [change_text(r, lang) for _, r in comp.iterrows()],
            t("years_between", lang): comp["years_between"].to_numpy(),
            t("baseline_from", lang): [origin(r) for _, r in comp.iterrows()],
        }
    ).set_index(t("indicator", lang))


def finding(r: pd.Series, lang: str) -> str:
    """One-line finding for a chart title: 35岁以下执法人员占比由4%升至12%（+8个百分点）."""
    a = fmt_value(r["previous_value"], r["unit"], r["previous_qualifier"], lang)
    b = fmt_value(r["value"], r["unit"], r["qualifier"], lang)
    verb = {"up": "rose", "down": "fell", "flat": "flat"}[r["direction"]]
    catalogued = isinstance(r.get("name_zh"), str) and r["name_zh"]
    if lang == "en":
        name = r["name_en"] if catalogued else subject_name(r, lang)
        return f"{name} {t(verb, lang, a=f'{a} in {r.previous_year}', b=f'{b} in {r.year}')}, {change_text(r, lang)}"
    moved = t(verb, lang, a=f"{r['previous_year']}年的{a}", b=f"{r['year']}年的{b}")
    name = zh(r["name_zh"], lang) if catalogued else subject_name(r, lang)
    return f"{name}{moved}，{change_text(r, lang)}"
