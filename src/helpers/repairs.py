"""The repair log: one record for every change (or flagged doubt) the cleaner makes to a report's text."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

REPAIR_COLUMNS = ["step", "status", "position", "before", "after", "note"]


@dataclass(frozen=True)
class Repair:
    """One change to the text, or one doubt flagged for a person.

    `position` is the character offset in the text the step received (the raw text for the first steps).
    `status` is `repaired` (code changed it), `corrected` (the corrections file changed it) or `flagged`.
    """

    step: str
    status: str
    position: int
    before: str
    after: str
    note: str = ""


def repairs_frame(repairs: list[Repair]) -> pd.DataFrame:
    """The repair log as a DataFrame with fixed columns."""
    # Plain tuples: asdict() deep-copies and is the slowest step on multi-megabyte reports.
    rows = [(r.step, r.status, r.position, r.before, r.after, r.note) for r in repairs]
    return pd.DataFrame(rows, columns=REPAIR_COLUMNS)
