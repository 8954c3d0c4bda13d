"""Per-region settings kept as data (`data/raw/regions.csv`, optional): the headline indicator of a place's pages."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .sources import REGION_RE, REGION_RULE
from .tables import read_table, require

REGION_COLUMNS = ("region", "headline")


def load_headlines(path: Path, indicator_ids: set[str]) -> dict[str, str]:
    """region → the catalog id its pages lead with; every row checked (file:line named on error)."""
    out: dict[str, str] = {}
    for line, row in read_table(path, REGION_COLUMNS):
        where = f"{path}:{line}"
        region = require(path, line, row, "region")
        if not REGION_RE.match(region):
            raise InputError(where, f"column 'region': {region!r} {REGION_RULE}")
        if region in out:
            raise InputError(where, f"column 'region': {region!r} appears twice")
        headline = row["headline"]
        if headline and headline not in indicator_ids:
            raise InputError(
                where, f"column 'headline': {headline!r} is not a catalog id; ids: {', '.join(sorted(indicator_ids))}"
            )
        out[region] = headline
    return out
