"""Tables and sentences the notebooks show, in the reader's language, built from the tidy data."""

from __future__ import annotations

from html import escape

import pandas as pd

from . import paths
from .catalog import Section, own_heading
from .i18n import (
    column_name,
    fmt_value,
    indicator_name,
    period_name,
    reason_name,
    section_name,
    subject_name,
    t,
    unit_en,
    value_name,
    zh,
)
from .notebook_params import LANG_NAMES, LANGS
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


class Html:
    """Markup built here from escaped parts, shown as HTML in a notebook and in its page."""

    def __init__(self, markup: str, text: str = "") -> None:
        self.markup, self.text = markup, text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text  # the plain-text view (and never a memory address: pages are byte-identical)


def page_header(
    notebook: str,
    title: dict[str, str],
    lang: str,
    reports: list[Report],
    used: list[Report],
    region: str = "",
    year: int = 0,
) -> Html:
    """The page's heading (place, year, title), links to the index and to the same page in the other languages and
    earlier years of `reports`, and a warning when any report it `used` is synthetic. Later years are not linked,
    so a page does not change when next year's report arrives (the index lists every page)."""
    own = [r for r in reports if r.region == region and r.year == year]
    name = title.get("en" if lang == "en" else "zh-Hans", notebook)
    name = name if lang == "en" else zh(name, lang)
    if own:
        heading = t("page_title", lang, place=region_name(own[0], lang), year=year, title=name)
    else:
        heading = t("all_reports", lang, title=name)
    here = paths.page_folder(region or None, year or None)
    parts = [
        f'<span class="nav-part"><a href="{escape(paths.index_href(here))}">{escape(t("to_index", lang))}</a></span>'
    ]
    # One span per language: the export drops the languages that have no pages (export.keep_languages).
    others = "".join(
        f'<span data-lang="{other}"><a href="{escape(paths.page_href(here, here, notebook, other))}" '
        f'lang="{other}">{LANG_NAMES[other]}</a></span>'
        for other in LANGS
        if other != lang
    )
    parts.append(f'<span class="nav-part nav-langs">{escape(t("other_langs", lang))}{others}</span>')
    earlier = sorted({r.year for r in reports if region and r.region == region and r.year < year})
    if earlier:
        # One span per year: the export drops the years whose page was never built (export.keep_years).
        years = "".join(
            f'<span data-year="{y}">'
            f'<a href="{escape(paths.page_href(here, paths.page_folder(region, y), notebook, lang))}">'
            f"{escape(t('year_link', lang, year=y))}</a></span>"
            for y in earlier
        )
        parts.append(f'<span class="nav-part nav-years">{escape(t("other_years", lang))}{years}</span>')
    markup = (
        "<style>.nav-langs span+span::before,.nav-years span+span::before{content:' · '} "
        ".nav-part+.nav-part::before{content:' ｜ '}</style>"
        f'<header class="page-header" data-title="{escape(heading)}">'
        f'<h1 style="margin-bottom:.2em">{escape(heading)}</h1>'
        f'<nav style="font-size:90%;color:#555">{"".join(parts)}</nav></header>'
    )
    fake = [r for r in used if r.synthetic]
    if fake:
        names = t("name_sep", lang).join(report_title(r, lang) for r in fake)
        markup += Note(t("synthetic_banner", lang, reports=names), "warning")._repr_html_()
    return Html(markup, heading)


def report_title(report: Report, lang: str) -> str:
    """A report named for readers: 双辽市2023年报告 / the 2023 report of Shuangliao."""
    return t("report_year_name", lang, place=region_name(report, lang), year=report.year)


def report_names(reports: list[Report], lang: str) -> dict[tuple[str, int], str]:
    """(region, year) → the report's name for readers of `lang`, for tables that cover several reports."""
    return {(r.region, r.year): report_title(r, lang) for r in reports}


def _report_column(names: dict[tuple[str, int], str], regions: pd.Series, years: pd.Series) -> list[str]:
    """Each row's report by name (region and year)."""
    return [names.get((r, int(y)), f"{r} {y}") for r, y in zip(regions, years, strict=True)]


def region_name(report: Report, lang: str) -> str:
    """The report's region as readers of `lang` know it."""
    return report.meta.get("region_en", report.region) if lang == "en" else zh(report.meta.get("region_zh", ""), lang)


def source_note(reports: Report | list[Report], lang: str) -> str:
    """'资料来源：…' naming every report whose values a chart shows (synthetic ones marked), for chart footers."""
    reports = [reports] if isinstance(reports, Report) else sorted(reports, key=lambda r: (r.region, r.year))
    items = []
    for r in reports:
        m = r.meta
        item = t(
            "source_item",
            lang,
            org=zh(m.get("organisation", ""), lang),
            year=r.year,
            title=zh(m.get("title", ""), lang),
        )
        items.append(item + (t("synthetic_mark", lang) if r.synthetic else ""))
    return t("sources_line", lang, items=t("list_sep", lang).join(items))


def reports_used(reports: list[Report], region: str, up_to: int) -> list[Report]:
    """The reports of `region` up to year `up_to`: what a page about that year may draw on."""
    return sorted((r for r in reports if r.region == region and r.year <= up_to), key=lambda r: r.year)


def reader_table(df: pd.DataFrame, lang: str, index: str | None = None) -> pd.DataFrame:
    """A table for readers: columns named in `lang`, coded values in words, no row numbers (the first column, or
    `index`, labels the rows, and its name sits in the corner so there is one header row)."""
    out = df.copy()
    for col in out.columns:
        if col in ("role", "qualifier", "status", "step", "synthetic"):
            out[col] = [value_name(col, v, lang) for v in out[col]]
        elif col == "reason":
            out[col] = [reason_name(str(v), lang) for v in out[col]]
        elif col in ("phrase", "text", "before", "after", "subject", "title", "organisation", "author"):
            out[col] = [zh(str(v), lang) if isinstance(v, str) else "" for v in out[col]]
    out = out.fillna("")
    key = index or (out.columns[0] if len(out.columns) else None)
    if key is not None:
        out = out.set_index(key)
        out.index.name = column_name(str(key), lang)
        out.columns = [column_name(str(c), lang) for c in out.columns]
        out = _corner(out)
    return out


def _corner(df: pd.DataFrame) -> pd.DataFrame:
    """The index's name moved to the header's corner, so that the table has one header row."""
    df.columns.name, df.index.name = df.index.name, None
    return df


def provenance_table(reports: list[Report], lang: str = "en") -> pd.DataFrame:
    """Where each report came from, for readers of `lang`."""
    cols = ["year", "title", "author", "organisation", "published", "url", "accessed", "synthetic"]
    rows = [{c: (r.year if c == "year" else r.meta.get(c, "")) for c in cols} for r in reports]
    df = pd.DataFrame(rows, columns=cols)
    if len({r.region for r in reports}) > 1:
        df.insert(0, "region", [region_name(r, lang) for r in reports])
        df["year"] = df["region"] + " " + df["year"].astype(str)
        df = df.drop(columns="region")
    return reader_table(df, lang)


def skipped_table(per_report: dict, names: dict[tuple[str, int], str], lang: str) -> pd.DataFrame:
    """Numbers not taken as figures, per report, with the reason in `lang`."""
    parts = [e.skipped.assign(report=names.get(k, f"{k[0]} {k[1]}")) for k, e in per_report.items()]
    if not parts:
        return pd.DataFrame()
    df = pd.concat(parts, ignore_index=True)[["phrase", "reason", "report"]]
    return reader_table(df, lang, index="phrase")


def repair_summary(repairs: pd.DataFrame, names: dict[tuple[str, int], str], lang: str) -> pd.DataFrame:
    """How many changes of each kind the cleaner made in each report."""
    if repairs.empty:
        return pd.DataFrame()
    # A summary row (the script conversion, the digits) stands for the number of characters its note gives.
    said = repairs["note"].astype(str).str.extract(r"(\d+) (?:characters|full-width)", expand=False)
    weight = pd.to_numeric(said.where(repairs["before"].astype(str) == ""), errors="coerce").fillna(1).astype(int)
    counts = repairs.assign(changes_made=weight).groupby(["region", "year", "encoding", "step", "status"])
    counts = counts["changes_made"].sum().reset_index()
    counts.insert(0, "report", _report_column(names, counts["region"], counts["year"]))
    return reader_table(counts.drop(columns=["region", "year"]), lang)


def needs_attention(repairs: pd.DataFrame, names: dict[tuple[str, int], str], lang: str) -> pd.DataFrame:
    """Repairs that a person made or must check: flagged doubts and manual corrections."""
    if repairs.empty:
        return repairs
    keep = repairs.loc[repairs["status"].isin(["flagged", "corrected"])]
    # The notes are the code's and the corrections file's own words (English): kept in repairs.csv, shown in English.
    out = keep[["step", "status", "before", "after", *(["note"] if lang == "en" else [])]].copy()
    out.insert(0, "report", _report_column(names, keep["region"], keep["year"]))
    return reader_table(out.reset_index(drop=True), lang)


def report_rows(df: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The rows one report yields, in text order."""
    return df[(df["region"] == region) & (df["report_year"] == year)].sort_values("start").reset_index(drop=True)


def section_labels(rows: pd.DataFrame, sections: list[Section], lang: str) -> pd.Series:
    """Each figure's section as readers see it: the catalog's name of a known section, else the report's own
    heading (一、干部队伍建设 of a place whose headings sections.csv does not list), else "Other"."""
    titles = rows["section_title"] if "section_title" in rows.columns else pd.Series("", index=rows.index)
    return pd.Series(
        [
            zh(str(title), lang) if own_heading(sid, title) else section_name(sid, sections, lang)
            for sid, title in zip(rows["section"], titles, strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


def _section_order(rows: pd.DataFrame, labels: pd.Series, sections: list[Section]) -> list[str]:
    """Section labels in reading order: known sections in the catalog's order, the report's own after them in the
    order they appear."""
    order = {s.section_id: s.order for s in sections}
    first = (
        rows.assign(label=labels).groupby("label", sort=False).agg(section=("section", "first"), at=("start", "min"))
    )
    return sorted(first.index, key=lambda lab: (order.get(first.at[lab, "section"], 99), first.at[lab, "at"]))


def section_counts(rows: pd.DataFrame, sections: list[Section], lang: str) -> pd.DataFrame:
    """Figures per section, in the report's order."""
    labels = section_labels(rows, sections, lang)
    counts = rows.assign(section_name=labels).groupby("section_name", sort=False)
    counts = counts.agg(section=("section", "first"), figures=("section", "size"))
    counts = counts.loc[_section_order(rows, labels, sections)].reset_index()
    return counts[["section", "section_name", "figures"]]


def section_counts_table(
    df: pd.DataFrame, sections: list[Section], names: dict[tuple[str, int], str], lang: str
) -> pd.DataFrame:
    """Figures per section (rows, in report order) for every report (columns: region and year)."""
    labels = section_labels(df, sections, lang)
    table = df.assign(label=labels).groupby(["label", "region", "report_year"]).size()
    table = table.unstack(["region", "report_year"], fill_value=0)
    table = table.loc[_section_order(df, labels, sections)]
    table.columns = [names.get((region, int(year)), f"{region} {year}") for region, year in table.columns]
    table.columns.name = t("section", lang)
    return table


def indicator_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reader-facing table of indicators: name, value as said, period, source phrase."""
    return (
        pd.DataFrame(
            {
                t("indicator", lang): indicator_names(rows, lang),
                t("value", lang): [fmt_figure(r, lang) for _, r in rows.iterrows()],
                t("period", lang): [period_name(p, lang) for p in rows["period"]],
                t("source_phrase", lang): [zh(p, lang) for p in rows["source_phrase"]],
            }
        )
        .set_index(t("indicator", lang))
        .pipe(_corner)
    )


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
    return (
        pd.DataFrame(
            {
                t("indicator", lang): indicator_names(comp, lang),
                t("now_phrase", lang): [zh(str(p), lang) for p in comp["phrase"]],
                t("before_phrase", lang): [zh(str(p), lang) for p in comp["previous_phrase"]],
                t("how_linked", lang): [link_label(r, lang) for _, r in comp.iterrows()],
            }
        )
        .set_index(t("indicator", lang))
        .pipe(_corner)
    )


def suggestions_table(sug: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Pairs waiting for a person: numbered as `indicators link` numbers them, never charted."""
    return (
        pd.DataFrame(
            {
                t("number", lang): range(1, len(sug) + 1),
                t("now_phrase", lang): [zh(str(p), lang) for p in sug["phrase"]],
                t("before_phrase", lang): [zh(str(p), lang) for p in sug["previous_phrase"]],
                t("confidence", lang): [f"{c:.2f}" for c in sug["confidence"]],
            }
        )
        .set_index(t("number", lang))
        .pipe(_corner)
    )


def _with_part_of_year(value: str, period: str, lang: str) -> str:
    """A value with its part of the year in words (2023-H1 → 2023年上半年); a whole year's value as it is."""
    return value if "-" not in period else _with_period(value, period, lang)


def _with_other_period(value: str, period: str, report_year: int, lang: str) -> str:
    """A value with its period when that is not the report's whole year (last year's final data, restated)."""
    return value if period == str(report_year) else _with_period(value, period, lang)


def _with_period(value: str, period: str, lang: str) -> str:
    return f"{value}（{period_name(period, lang)}）" if lang != "en" else f"{value} ({period_name(period, lang)})"


def figures_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A short list of figures: what is counted, the value as said (with its part of the year, when it is one: a
    first half's 25 and a whole year's 31 are not the same figure), the phrase."""
    values = [fmt_value(r["value"], r["unit"], r["qualifier"], lang) for _, r in rows.iterrows()]
    if "period" in rows.columns:
        values = [_with_part_of_year(v, str(p), lang) for v, p in zip(values, rows["period"], strict=True)]
    return (
        pd.DataFrame(
            {
                t("subject", lang): indicator_names(rows, lang),
                t("value", lang): values,
                t("source_phrase", lang): [zh(str(p), lang) for p in rows["phrase"]],
            }
        )
        .set_index(t("subject", lang))
        .pipe(_corner)
    )


def stated_changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Changes the report states itself (同比增长15%, 减少3个), signed and shown as stated, beside last year's stated
    change and the change computed from the levels where both exist (from compare.stated_changes)."""

    def signed(v: float | None, r: pd.Series) -> str:
        if v is None or v != v:
            return ""
        return ("+" if v > 0 else "") + fmt_value(v, r["unit"], "none", lang)

    return (
        pd.DataFrame(
            {
                t("subject", lang): indicator_names(changes, lang),
                t("stated_change", lang): [
                    _with_other_period(
                        ("+" if r["value"] > 0 else "")
                        + fmt_value(r["value"], r["unit"], r["qualifier"], lang, r["value_high"]),
                        str(r["period"]),
                        int(r["report_year"]),
                        lang,
                    )
                    for _, r in changes.iterrows()
                ],
                t("previous_stated", lang): [signed(r["previous_stated"], r) for _, r in changes.iterrows()],
                t("computed_change", lang): [signed(r["computed"], r) for _, r in changes.iterrows()],
                t("source_phrase", lang): [zh(str(p), lang) for p in changes["phrase"]],
            }
        )
        .set_index(t("subject", lang))
        .pipe(_corner)
    )


def targets_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets (力争/计划/预计/到20XX年): never charted as results."""
    tg = rows[rows["role"] == "target"]
    return (
        pd.DataFrame(
            {
                t("subject", lang): indicator_names(tg, lang),
                t("target", lang): [
                    fmt_value(r["value"], r["unit"], r["qualifier"], lang, r["value_high"]) for _, r in tg.iterrows()
                ],
                t("target_year", lang): tg["year"].to_numpy(),
                t("source_phrase", lang): [zh(str(p), lang) for p in tg["phrase"]],
            }
        )
        .set_index(t("subject", lang))
        .pipe(_corner)
    )


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


def build_overview_table(
    indicators: pd.DataFrame, links: pd.DataFrame, names: dict[tuple[str, int], str], lang: str
) -> pd.DataFrame:
    """build_overview for readers: one row per report, columns in `lang`."""
    out = build_overview(indicators, links)
    if out.empty:
        return out
    out.insert(0, "report", _report_column(names, out["region"], out["report_year"]))
    return reader_table(out.drop(columns=["region", "report_year"]), lang)


def uncatalogued(
    df: pd.DataFrame, sections: list[Section], names: dict[tuple[str, int], str], lang: str
) -> pd.DataFrame:
    """Figures that match no catalog entry, for readers: candidates for a new catalog row (the subject shown is
    the phrasing to put in its `subjects` column)."""
    rows = df.loc[df["indicator_id"].isna()]
    out = pd.DataFrame(
        {
            "subject": rows["subject"].fillna("").to_numpy(),
            "report": _report_column(names, rows["region"], rows["report_year"]),
            "section": section_labels(rows, sections, lang).to_numpy(),
            "role": rows["role"].to_numpy(),
            "value": [
                fmt_value(r["value"], r["unit"], r["qualifier"], lang, r.get("value_high")) for _, r in rows.iterrows()
            ],
            "phrase": rows["phrase"].to_numpy(),
        }
    )
    return reader_table(out, lang)


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


def _when(year: int, period_type: object, lang: str) -> str:
    """（2023年） or, for a part of a year, （2023年上半年）: a half-year is never shown as a whole year."""
    if isinstance(period_type, str) and period_type not in ("", "year"):
        name = period_name(f"{year}-{period_type}", lang)
        return f"（{name}）" if lang != "en" else f" ({name})"
    return t("in_year", lang, year=year)


def comparison_table(comp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reader-facing comparison: earlier value, current value, change, years apart, where the earlier value is from."""

    def origin(r: pd.Series) -> str:
        if r["previous_source"] == "own_report":
            return t("report_of", lang, year=r["previous_year"])
        return t("stated_in", lang, year=r["previous_source"].rsplit("_", 1)[1])

    names = indicator_names(comp, lang)
    return (
        pd.DataFrame(
            {
                t("indicator", lang): names,
                t("previous", lang): [
                    fmt_value(r["previous_value"], r["unit"], r["previous_qualifier"], lang)
                    + _when(r["previous_year"], r.get("period_type"), lang)
                    for _, r in comp.iterrows()
                ],
                t("current", lang): [
                    fmt_value(r["value"], r["unit"], r["qualifier"], lang)
                    + _when(r["year"], r.get("period_type"), lang)
                    for _, r in comp.iterrows()
                ],
                t("change", lang): [change_text(r, lang) for _, r in comp.iterrows()],
                t("years_between", lang): comp["years_between"].to_numpy(),
                t("baseline_from", lang): [origin(r) for _, r in comp.iterrows()],
            }
        )
        .set_index(t("indicator", lang))
        .pipe(_corner)
    )


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


def axis_scale(peak: float, unit: str, lang: str) -> tuple[float, str]:
    """(divisor, unit as an axis shows it) for values up to `peak`: 万元 / 亿元 in Chinese, thousand / million in
    English, so that an axis never shows 1e6."""
    steps = [(1e8, "亿"), (1e4, "万")] if lang != "en" else [(1e6, "million "), (1e3, "thousand ")]
    for divisor, word in steps:
        if abs(peak) >= divisor * 10 and unit not in ("%", "个百分点"):
            name = unit_en(unit) if lang == "en" else zh(unit, lang)
            return divisor, (f"{word}{name}".strip() if lang == "en" else zh(word, lang) + name)
    return 1.0, (unit_en(unit) if lang == "en" else zh(unit, lang))


def headline_chart(head: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, str, float]:
    """What the headline chart draws, ready: (rows of name, start, end, labels and direction; the axis label with
    its unit; the axis end). A count, money or a share, each on its own axis."""
    r = head.iloc[0]
    divisor, unit_label = axis_scale(max(r["value"], r["previous_value"]), r["unit"], lang)
    frame = pd.DataFrame(
        {
            "name": indicator_names(head, lang),
            "start": head["previous_value"].astype(float) / divisor,
            "end": head["value"].astype(float) / divisor,
            "start_label": [
                f"{fmt_value(x['previous_value'], x['unit'], x['previous_qualifier'], lang)}\n{x['previous_year']}"
                for _, x in head.iterrows()
            ],
            "end_label": [
                f"{fmt_value(x['value'], x['unit'], x['qualifier'], lang)}\n{x['year']}" for _, x in head.iterrows()
            ],
            "direction": head["direction"].to_numpy(),
        }
    )
    peak = float(max(frame["start"].max(), frame["end"].max()))
    top = min(100.0, peak * 1.25 + 2) if r["unit"] == "%" else peak * 1.25
    label = t("share_axis", lang) if r["unit"] == "%" else t("value_axis", lang, unit=unit_label)
    return frame, label, top
