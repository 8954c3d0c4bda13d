"""Measure extraction and year-to-year linking on a development set of real reports that is not committed.

Usage: python benchmarks/bench_linking.py DEVSET_DIR [--out benchmarks/linking.md]

DEVSET_DIR holds `texts/<place>/<year>.txt`, `gold_pairs.csv` (the pairs a careful analyst compares),
`gold_unpaired.csv` (traps) and `gold_figures/<place>_<year>.csv` (every figure). The texts are public reports
found with the project's search tool; only the numbers measured here are committed (benchmarks/linking.md).
Each place is registered into a scratch data folder (with the project's catalog and slogans), built with
`dataset.build` exactly as `make report` does, and scored.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import unicodedata
import warnings
from pathlib import Path

import pandas as pd

from helpers import dataset, paths
from helpers.cleaning import clean_text, to_simplified
from helpers.extraction import FIGURE_UNITS
from helpers.printed_tables import base_unit
from helpers.sources import register_report
from helpers.textio import read_report

META = {"title": "dev set", "organisation": "dev set", "region_zh": "dev", "region_en": "dev", "synthetic": "false"}


def norm(text: str) -> str:
    """Punctuation folded to ASCII so that gold phrases and cleaned text compare."""
    return unicodedata.normalize("NFKC", str(text)).replace(" ", "")


def locate(
    rows: pd.DataFrame,
    value: float,
    unit: str,
    phrase: str,
    taken: frozenset[str] = frozenset(),
    text: str = "",
) -> str | None:
    """Key of the extracted figure that is this gold figure: same value and unit, nearest phrase.

    A gold figure written without a unit (a part of 7.2:40.0:52.8) is found by value and phrase alone; a gold unit
    in Traditional script (個百分點) is the same unit as the Simplified one. `taken` holds figures already matched
    to earlier gold figures of the text: of two 增长8.2% in one text, the second gold figure is the second one.
    With the cleaned `text`, a candidate that stands where the gold phrase is written wins first
    (`96474元,比上年增长4.2%` beside GDP's own `比上年增长4.2%`).
    """
    free = not isinstance(unit, str) or not unit
    unit = {"人": "名"}.get(to_simplified(unit), to_simplified(unit)) if not free else ""
    if not free:  # a table cell annotated in its header's unit (803.80 亿元) is 80380000000 元, as extracted
        unit, scale = base_unit(unit, FIGURE_UNITS)
        value = float(value) * scale
    rows = rows[rows["match_note"].fillna("") != dataset.REPEAT_NOTE]  # the body figure, not a headline's copy
    units = rows["unit"].map(lambda u: {"人": "名"}.get(u, u))
    near = rows["value"].sub(float(value)).abs() < 1e-6 * max(1.0, abs(float(value)))
    cands = rows[near & ((units == unit) | free)]
    if cands.empty:
        return None
    target = norm(phrase)
    where = norm(text).find(norm(to_simplified(phrase))) if text else -1
    span = (where, where + len(target)) if where >= 0 else (-1, -1)

    # The candidate whose own short phrase and the gold phrase hold one another wins (two 增长9.5% in one text);
    # then one whose source phrase holds the gold phrase whole; then the most overlap.
    def rank(r) -> tuple:
        mine = norm(r.phrase)
        return (
            r.key not in taken,
            span[0] <= r.start and r.end <= span[1],
            mine in target or target in mine,
            target in norm(r.source_phrase),
            _overlap(norm(r.source_phrase), target),
        )

    best = max(cands.itertuples(), key=rank)
    return best.key


def _overlap(a: str, b: str) -> int:
    grams = {b[i : i + 2] for i in range(len(b) - 1)}
    return sum(a[i : i + 2] in grams for i in range(len(a) - 1))


def cleaned_text(devset: Path, place: str, year: int) -> str:
    """The text of one report as extraction reads it (figure offsets point into it)."""
    return clean_text(read_report(devset / "texts" / place / f"{year}.txt").text).simplified


def build_place(devset: Path, place: str, root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Register every year of one place in a scratch data folder and build it."""
    data = root / place
    shutil.copytree(paths.raw_dir(), data / "raw", ignore=shutil.ignore_patterns("reports"))
    (data / "raw" / "reports").mkdir()
    (data / "raw" / "reports" / "manifest.csv").write_text(
        ",".join(__import__("helpers.sources", fromlist=["MANIFEST_COLUMNS"]).MANIFEST_COLUMNS) + "\n", encoding="utf-8"
    )
    (data / "processed").mkdir()
    for txt in sorted((devset / "texts" / place).glob("*.txt")):
        register_report(data, txt, place.replace("_", "-"), int(txt.stem), META)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ind, _, _, links = dataset.build(data)
    ind = ind.assign(key=dataset.figure_keys(ind))
    return ind, links


def _restatements(rows: pd.DataFrame) -> dict[str, str]:
    """Each figure's first statement in its text with the same value, unit, role, year and period."""
    sig = rows[["report_year", "value", "unit", "role", "year", "period"]].astype(str).agg("|".join, axis=1)
    first = dict(zip(sig[::-1], rows["key"][::-1], strict=True))
    return {k: first[g] for k, g in zip(rows["key"], sig, strict=True)}


def score(devset: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per text pair: gold pairs found settled, wrong, only suggested, missed; extra settled links."""
    gold = pd.read_csv(devset / "gold_pairs.csv", dtype={"place": str})
    traps = (
        pd.read_csv(devset / "gold_unpaired.csv", dtype={"place": str})
        if (devset / "gold_unpaired.csv").exists()
        else None
    )
    pair_rows, fig_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for place in sorted(gold["place"].unique()):
            ind, links = build_place(devset, place, Path(tmp))
            region = place.replace("_", "-")
            located: dict[int, dict[tuple[float, str], str]] = {}  # year -> (gold value, phrase) -> figure key
            for gfile in sorted((devset / "gold_figures").glob(f"{place}_*.csv")):
                if not gfile.stem.removeprefix(place + "_").isdigit():
                    continue
                year = int(gfile.stem.rsplit("_", 1)[1])
                gf = pd.read_csv(gfile)
                rows = ind[(ind["region"] == region) & (ind["report_year"] == year)]
                text = cleaned_text(devset, place, year)
                keys = located.setdefault(year, {})
                for r in gf.itertuples():
                    k = locate(rows, r.value, r.unit, r.phrase, frozenset(keys.values()), text)
                    if k is not None:
                        keys[(float(r.value), r.phrase)] = k
                found = set(keys.values())
                by_key = rows.set_index("key")
                exact = sum(
                    1
                    for r in gf.itertuples()
                    if (k := keys.get((float(r.value), r.phrase))) is not None
                    and by_key.at[k, "role"] == r.role
                    and by_key.at[k, "qualifier"] == r.qualifier
                    and int(by_key.at[k, "year"]) == int(r.year)
                )
                # A headline's repeat of a body figure (marked by the build) is not a second figure.
                counted = rows[rows["match_note"].fillna("") != dataset.REPEAT_NOTE]
                fig_rows.append(
                    {
                        "text": f"{place} {year}",
                        "gold": len(gf),
                        "extracted": len(counted),
                        "found": len(found & set(counted["key"])),
                        "exact": exact,
                    }
                )
            settled = links[links["status"] == "settled"]
            suggested = links[links["status"] == "suggested"]
            for (py, y), g in gold[gold["place"] == place].groupby(["prev_year", "year"]):
                cur_rows = ind[(ind["region"] == region) & (ind["report_year"] == y)]
                prev_rows = ind[(ind["region"] == region) & (ind["report_year"] == py)]
                gold_keys = []
                for r in g.itertuples():
                    cur_key = located.get(y, {}).get((float(r.value), r.phrase))
                    prev_key = located.get(py, {}).get((float(r.prev_value), r.prev_phrase))
                    gold_keys.append(
                        (
                            cur_key or locate(cur_rows, r.value, r.unit, r.phrase),
                            prev_key or locate(prev_rows, r.prev_value, r.prev_unit, r.prev_phrase),
                        )
                    )
                s = settled[(settled["year"] == y) & (settled["previous_year"] == py)]
                # A stated link pairs a figure with the earlier value its own report states (由上年的4.0:47.2:48.8
                # 调整为…): no gold pair (gold pairs join two reports), so it is counted apart, not judged.
                stated = s[s["link"] == "stated"]
                s = s[s["link"] != "stated"]
                sg = suggested[(suggested["year"] == y) & (suggested["previous_year"] == py)]
                # A text that states one figure twice (增长3.9% in the lead and again in the body): linking either
                # statement is the same comparison, so pairs are judged by what they compare, not which statement.
                same = _restatements(pd.concat([cur_rows, prev_rows]))
                s_pairs = {(same.get(c, c), same.get(p, p)) for c, p in zip(s["key"], s["previous_key"], strict=True)}
                sg_pairs = {
                    (same.get(c, c), same.get(p, p)) for c, p in zip(sg["key"], sg["previous_key"], strict=True)
                }
                gold_keys = [(same.get(c, c), same.get(p, p)) for c, p in gold_keys]
                gold_set = {p for p in gold_keys if None not in p}
                gold_cur = {c for c, _ in gold_set}
                gold_prev = {p for _, p in gold_set}
                ok = sum(p in s_pairs for p in gold_keys)
                sugg = sum(p in sg_pairs for p in gold_keys)
                trap_keys = set()
                if traps is not None:
                    for t in traps[traps["place"] == place].itertuples():
                        pool = cur_rows if t.year == y else prev_rows if t.year == py else cur_rows.iloc[0:0]
                        trap_keys |= {
                            k
                            for k, sp in zip(pool["key"], pool["source_phrase"], strict=True)
                            if norm(t.phrase) in norm(sp)
                        }
                # A settled link that is not a gold pair but touches a gold figure or a trap: certainly wrong.
                trap_keys = {same.get(k, k) for k in trap_keys}
                wrong = [(c, p) for c, p in s_pairs - gold_set if c in gold_cur or p in gold_prev or {c, p} & trap_keys]
                if wrong and os.environ.get("BENCH_SHOW_WRONG"):
                    print(*(f"wrong: {place} {c} {p}" for c, p in wrong), sep="\n", file=sys.stderr)
                unjudged = len(s_pairs - gold_set) - len(wrong)
                pair_rows.append(
                    {
                        "text pair": f"{place} {py}→{y}",
                        "gold pairs": len(g),
                        "unreadable": sum(None in p for p in gold_keys),
                        "settled right": ok,
                        "settled wrong": len(wrong),
                        "only suggested": sugg,
                        "missed": len(g) - ok - sugg,
                        "other settled links": unjudged,
                        "suggestions": len(sg_pairs),
                        "stated in the report": len(stated),
                    }
                )
    return pd.DataFrame(pair_rows), pd.DataFrame(fig_rows)


def markdown(df: pd.DataFrame) -> str:
    """A pipe table (pandas' to_markdown needs tabulate, which the project does not install)."""
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(df[c]) else "---" for c in df.columns) + "|"
    body = ["| " + " | ".join(map(str, r)) + " |" for r in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", type=Path)
    ap.add_argument("--out", type=Path, help="write the tables as markdown here")
    args = ap.parse_args()
    pairs, figs = score(args.devset)
    total = pairs.sum(numeric_only=True)
    settled = total["settled right"] + total["settled wrong"]
    summary = (
        f"pairs found settled: {int(total['settled right'])}/{int(total['gold pairs'])} "
        f"({100 * total['settled right'] / total['gold pairs']:.1f}%); settled wrong: {int(total['settled wrong'])} "
        f"of {int(settled)} judged settled links ({100 * total['settled wrong'] / max(settled, 1):.1f}%); "
        f"only suggested: {int(total['only suggested'])}; missed: {int(total['missed'])}"
    )
    ftot = figs.sum(numeric_only=True)
    fsummary = (
        f"figures: recall {100 * ftot['found'] / ftot['gold']:.1f}% ({int(ftot['found'])}/{int(ftot['gold'])}), "
        f"precision {100 * ftot['found'] / ftot['extracted']:.1f}% ({int(ftot['found'])}/{int(ftot['extracted'])}), "
        f"exact role/qualifier/year {100 * ftot['exact'] / ftot['gold']:.1f}%"
    )
    print(pairs.to_string(index=False))
    print(summary)
    print(figs.to_string(index=False))
    print(fsummary)
    if args.out:
        args.out.write_text(
            f"{summary}\n\n{markdown(pairs)}\n\n{fsummary}\n\n{markdown(figs)}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
