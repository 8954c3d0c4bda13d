"""Year-on-year comparison: each level against its previous observation in the same series, with the right change.

A series is a catalog id or a chain of confident links between consecutive reports (`linking`). Only settled
links become comparisons; suggestions are listed for a person and never charted.
"""

from __future__ import annotations

import pandas as pd

from .dataset import REPEAT_NOTE, figure_keys
from .linking import period_type
from .subjects import unit_family

COMPARISON_COLUMNS = [
    "indicator_id",
    "series",
    "subject",
    "denominator",
    "name_zh",
    "name_en",
    "section",
    "kind",
    "unit",
    "period_type",
    "year",
    "value",
    "qualifier",
    "previous_year",
    "previous_value",
    "previous_qualifier",
    "previous_source",
    "years_between",
    "abs_change",
    "pct_change",
    "pp_change",
    "ratio",
    "approximate",
    "direction",
    "link",
    "confidence",
    "review",
    "phrase",
    "previous_phrase",
    "source_phrase",
    "previous_source_phrase",
    "start",
]


def _levels(df: pd.DataFrame, region: str) -> pd.DataFrame:
    """A region's levels (no targets, no stated changes, no headline repeats), keyed."""
    obs = df[(df["region"] == region) & (df["role"] == "level") & (df["match_note"].fillna("") != REPEAT_NOTE)]
    return obs.assign(key=figure_keys(obs), period_type=obs["period"].map(period_type))


def observations(df: pd.DataFrame, region: str) -> pd.DataFrame:
    """One value per series, year and period type for a region.

    A year's own report wins; otherwise the most recent report that states the value (e.g. a baseline
    such as 2021 in `由2021年的4%提升到12%`).
    """
    obs = _levels(df, region)
    obs = obs.assign(own_report=obs["report_year"] == obs["year"])
    obs = obs.sort_values(["series", "period_type", "year", "own_report", "report_year"])
    return obs.drop_duplicates(["series", "period_type", "year"], keep="last").reset_index(drop=True)


def available_years(df: pd.DataFrame, region: str, up_to: int | None = None) -> list[int]:
    """Report years that exist for a region (up to `up_to`: a page never names a later year, so it does not change
    when next year's report arrives)."""
    years = sorted(int(y) for y in df.loc[df["region"] == region, "report_year"].unique())
    return [y for y in years if up_to is None or y <= up_to]


def compare(
    df: pd.DataFrame, region: str, year: int, baseline_year: int | None = None, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each level of `year` against its nearest earlier observation in its series (or the one in `baseline_year`).

    `links` (from the build) says how each pair was made (catalog, confirmed, auto, stated) and how sure it is.
    """
    obs = observations(df, region)
    current = obs[(obs["year"] == year) & (obs["report_year"] == year)]
    earlier = obs[obs["year"] < year]
    if baseline_year is not None:
        earlier = earlier[earlier["year"] == baseline_year]
    earlier = earlier.assign(family=earlier["unit"].map(unit_family))
    by_series = {k: g.sort_values("year") for k, g in earlier.groupby(["series", "period_type", "family"])}
    by_key = links.set_index("key") if links is not None and not links.empty else None
    rows = []
    for _, cur in current.sort_values("start").iterrows():
        # Same series, unit and part of the year: 人次 is never compared with 人, H1 never with a whole year.
        cands = by_series.get((cur["series"], cur["period_type"], unit_family(cur["unit"])))
        if cands is None:
            continue
        prev = cands.iloc[-1]
        link, conf = _how(cur, prev, by_key)
        rows.append(_change(cur, prev) | {"link": link, "confidence": conf, "review": False})
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _how(cur: pd.Series, prev: pd.Series, by_key: pd.DataFrame | None) -> tuple[str, float]:
    """The kind and confidence of the chain of links (indexed by key) from `cur` back to `prev`: the weakest counts."""
    if by_key is None:
        return ("catalog" if isinstance(cur["indicator_id"], str) else "auto"), 1.0
    key, kinds, conf = cur["key"], [], 1.0
    for _ in range(50):
        if key == prev["key"] or key not in by_key.index:
            break
        hop = by_key.loc[[key]]
        stated = hop[hop["previous_key"] == prev["key"]]
        steps = stated if not stated.empty else hop[hop["link"] != "stated"]
        if steps.empty:  # only a stated baseline that leads elsewhere: the chain ends here
            break
        step = steps.iloc[0]
        kinds.append(step["link"])
        conf = min(conf, float(step["confidence"]))
        key = step["previous_key"]
    order = ["auto", "confirmed", "stated", "catalog"]
    kind = min(kinds, key=order.index) if kinds else ("catalog" if isinstance(cur["indicator_id"], str) else "auto")
    return kind, conf


def _change(cur: pd.Series, prev: pd.Series) -> dict:
    value, before = float(cur["value"]), float(prev["value"])
    diff = value - before
    share = cur["kind"] == "share"
    return {
        "indicator_id": cur["indicator_id"],
        "series": cur["series"],
        "subject": cur["subject"],
        "denominator": cur["denominator"],
        "name_zh": cur["name_zh"],
        "name_en": cur["name_en"],
        "section": cur["section"],
        "kind": cur["kind"],
        "unit": cur["unit"],
        "period_type": cur["period_type"],
        "year": int(cur["year"]),
        "value": value,
        "qualifier": cur["qualifier"],
        "previous_year": int(prev["year"]),
        "previous_value": before,
        "previous_qualifier": prev["qualifier"],
        "previous_source": "own_report"
        if prev["report_year"] == prev["year"]
        else f"stated_in_{int(prev['report_year'])}",
        "years_between": int(cur["year"]) - int(prev["year"]),
        "abs_change": diff,
        # Percent change for counts and money only; shares change by percentage points.
        "pct_change": None if share or before == 0 else 100.0 * diff / before,
        "pp_change": diff if share else None,
        "ratio": value / before if before else None,
        "approximate": cur["qualifier"] != "none" or prev["qualifier"] != "none",
        "direction": "up" if diff > 0 else "down" if diff < 0 else "flat",
        "phrase": cur["phrase"],
        "previous_phrase": prev["phrase"],
        "source_phrase": cur["source_phrase"],
        "previous_source_phrase": prev["source_phrase"],
        "start": int(cur["start"]),
    }


def stated_changes(df: pd.DataFrame, links: pd.DataFrame, comp: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The changes a report states, each with the previous report's stated change it is linked to and the change
    computed from the levels of the same subject (a cross-check: 净增3000名 against 38.6万 → 38.9万)."""
    rows = df[(df["region"] == region) & (df["report_year"] == year) & (df["role"] == "change")]
    rows = rows.assign(key=figure_keys(rows)).sort_values("start")
    keyed = df.assign(key=figure_keys(df)).set_index("key")
    settled = links[(links["status"] == "settled") & links["key"].isin(rows["key"])].set_index("key")
    previous, computed = [], []
    for _, r in rows.iterrows():
        prev_key = settled.at[r["key"], "previous_key"] if r["key"] in settled.index else None
        previous.append(float(keyed.at[prev_key, "value"]) if prev_key in keyed.index else None)
        same = comp[comp["subject"] == r["subject"]] if len(comp) else comp
        value = None
        if len(same):
            c = same.iloc[0]
            if r["unit"] == "%" and c["kind"] != "share":
                value = c["pct_change"]
            elif r["unit"] == "个百分点" and c["kind"] == "share":
                value = c["pp_change"]
            elif unit_family(r["unit"]) == unit_family(c["unit"]):
                value = c["abs_change"]
        computed.append(None if value is None or value != value else float(value))
    return rows.assign(previous_stated=previous, computed=computed).reset_index(drop=True)


def headline_rows(comp: pd.DataFrame, headline: str = "", setting: str = "") -> tuple[pd.DataFrame, str]:
    """The headline comparison and how it was chosen: the indicator (catalog id or series) named by the parameter
    `headline` ("param"), else by the region's setting ("setting"), else the comparison with the largest relative
    change ("auto"; exact values first, none from a zero baseline). Any kind: a count, money or a share."""
    for chosen, how in ((headline, "param"), (setting, "setting")):
        if chosen:
            return comp[(comp["indicator_id"] == chosen) | (comp["series"] == chosen)].head(1), how
    usable = comp[comp["previous_value"].astype(float) > 0]
    exact = usable[~usable["approximate"].astype(bool)]
    usable = exact if len(exact) else usable
    if usable.empty:
        return usable, "auto"
    relative = (usable["value"].astype(float) / usable["previous_value"].astype(float) - 1).abs()
    return usable.loc[[relative.idxmax()]], "auto"


def suggestions(df: pd.DataFrame, links: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """Links of `year` that are not sure enough to be settled: what a person should confirm or reject."""
    rows = _levels(df, region).set_index("key")
    sug = links[(links["region"] == region) & (links["year"] == year) & (links["status"] == "suggested")]
    sug = sug[sug["key"].isin(rows.index) & sug["previous_key"].isin(rows.index)]
    out = []
    for _, ln in sug.iterrows():
        cur, prev = rows.loc[ln["key"]], rows.loc[ln["previous_key"]]
        out.append(_change(cur, prev) | {"link": "auto", "confidence": float(ln["confidence"]), "review": True})
    return pd.DataFrame(out, columns=COMPARISON_COLUMNS).sort_values("start").reset_index(drop=True)


def unmatched(df: pd.DataFrame, links: pd.DataFrame, region: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(levels of the previous report that nothing in `year` continues, levels of `year` new this year)."""
    years = [y for y in available_years(df, region) if y < year]
    obs = _levels(df, region)
    now = obs[(obs["report_year"] == year) & (obs["year"] == year)]
    mine = links[(links["region"] == region) & (links["year"] == year) & (links["link"] != "stated")]
    cols = [
        "subject",
        "denominator",
        "kind",
        "value",
        "unit",
        "qualifier",
        "phrase",
        "source_phrase",
        "indicator_id",
        "name_zh",
        "name_en",
    ]
    new = now[~now["key"].isin(mine["key"])]
    if not years:
        return pd.DataFrame(columns=cols), new[cols].reset_index(drop=True)
    before = obs[(obs["report_year"] == years[-1]) & (obs["year"] == years[-1])]
    gone = before[~before["key"].isin(mine["previous_key"])]
    return gone[cols].reset_index(drop=True), new[cols].reset_index(drop=True)


def series(df: pd.DataFrame, region: str, min_years: int = 3, up_to: int | None = None) -> pd.DataFrame:
    """Whole-year values of every series observed in at least `min_years` different years (tidy), up to `up_to`."""
    obs = observations(df, region)
    obs = obs[obs["period_type"] == "year"]
    if up_to is not None:
        obs = obs[obs["year"] <= up_to]
    counts = obs.groupby("series")["year"].nunique()
    keep = counts[counts >= min_years].index
    cols = [
        "series",
        "indicator_id",
        "subject",
        "denominator",
        "name_zh",
        "name_en",
        "section",
        "kind",
        "unit",
        "year",
        "value",
        "qualifier",
        "source_phrase",
    ]
    return obs[obs["series"].isin(keep)][cols].sort_values(["series", "year"]).reset_index(drop=True)


def comparisons_for_export(
    df: pd.DataFrame, links: pd.DataFrame, region: str, year: int, baseline_year: int | None = None
) -> pd.DataFrame:
    """Every comparison the year-on-year page shows, then every suggestion: one row each, for `indicators compare`."""
    settled = compare(df, region, year, baseline_year, links)
    sug = suggestions(df, links, region, year)
    both = (
        pd.concat([x for x in (settled, sug) if not x.empty], ignore_index=True) if len(settled) + len(sug) else settled
    )
    if both.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    share = both["kind"] == "share"
    return pd.DataFrame(
        {
            "region": region,
            "year": both["year"],
            "previous_year": both["previous_year"],
            "indicator": [
                i if isinstance(i, str) and i else s for i, s in zip(both["indicator_id"], both["subject"], strict=True)
            ],
            "value": both["value"],
            "previous_value": both["previous_value"],
            "unit": both["unit"],
            "change": both["pp_change"].where(share, both["pct_change"]),
            "change_unit": ["个百分点" if s else "%" for s in share],
            "abs_change": both["abs_change"],
            "link": both["link"],
            "confidence": both["confidence"].round(3),
            "review": both["review"].astype(bool),
            "phrase": both["phrase"],
            "previous_phrase": both["previous_phrase"],
            "source_phrase": both["source_phrase"],
            "previous_source_phrase": both["previous_source_phrase"],
        },
        columns=EXPORT_COLUMNS,
    )


EXPORT_COLUMNS = [
    "region",
    "year",
    "previous_year",
    "indicator",
    "value",
    "previous_value",
    "unit",
    "change",
    "change_unit",
    "abs_change",
    "link",
    "confidence",
    "review",
    "phrase",
    "previous_phrase",
    "source_phrase",
    "previous_source_phrase",
]
