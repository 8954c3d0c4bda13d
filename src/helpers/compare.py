"""Year-on-year comparison: each indicator against its previous observation, with the right kind of change."""

from __future__ import annotations

import pandas as pd

COMPARISON_COLUMNS = [
    "indicator_id",
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
]


def period_type(period: str) -> str:
    """'year' for a whole year, else the part of the year (H1, Q1, ...)."""
    return period.split("-", 1)[1] if "-" in period else "year"


def observations(df: pd.DataFrame, region: str) -> pd.DataFrame:
    """One value per catalogued indicator, year and period type for a region.

    A year's own report wins; otherwise the most recent report that states the value (e.g. a baseline
    such as 2021 in `由2021年的4%提升到12%`).
    """
    obs = df[(df["region"] == region) & df["indicator_id"].notna()].copy()
    obs["period_type"] = obs["period"].map(period_type)
    obs["own_report"] = obs["report_year"] == obs["year"]
    obs = obs.sort_values(["indicator_id", "period_type", "year", "own_report", "report_year"])
    return obs.drop_duplicates(["indicator_id", "period_type", "year"], keep="last").reset_index(drop=True)


def available_years(df: pd.DataFrame, region: str) -> list[int]:
    """Report years that exist for a region."""
    return sorted(int(y) for y in df.loc[df["region"] == region, "report_year"].unique())


def compare(df: pd.DataFrame, region: str, year: int, baseline_year: int | None = None) -> pd.DataFrame:
    """Each indicator of `year` against its nearest earlier observation (or the one in `baseline_year`)."""
    obs = observations(df, region)
    current = obs[(obs["year"] == year) & (obs["report_year"] == year)]
    earlier = obs[obs["year"] < year]
    if baseline_year is not None:
        earlier = earlier[earlier["year"] == baseline_year]
    rows = []
    for _, cur in current.iterrows():
        # Same indicator, same unit and same part of the year: 人次 is never compared with 人, H1 never with a year.
        cands = earlier[
            (earlier["indicator_id"] == cur["indicator_id"])
            & (earlier["unit"] == cur["unit"])
            & (earlier["period_type"] == cur["period_type"])
        ]
        if cands.empty:
            continue
        prev = cands.sort_values("year").iloc[-1]
        rows.append(_change(cur, prev))
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _change(cur: pd.Series, prev: pd.Series) -> dict:
    value, before = float(cur["value"]), float(prev["value"])
    diff = value - before
    share = cur["kind"] == "share"
    return {
        "indicator_id": cur["indicator_id"],
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
    }


def series(df: pd.DataFrame, region: str, min_years: int = 3) -> pd.DataFrame:
    """Whole-year values of every indicator observed in at least `min_years` different years (tidy)."""
    obs = observations(df, region)
    obs = obs[obs["period_type"] == "year"]
    counts = obs.groupby("indicator_id")["year"].nunique()
    keep = counts[counts >= min_years].index
    cols = ["indicator_id", "name_zh", "name_en", "section", "kind", "unit", "year", "value", "qualifier"]
    return obs[obs["indicator_id"].isin(keep)][cols].sort_values(["indicator_id", "year"]).reset_index(drop=True)
