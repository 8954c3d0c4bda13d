"""Link each figure of a report to the figure of the previous report that measures the same thing.

Within a region, every level (or stated change) of year N is compared with every one of the nearest earlier
report: same unit family, kind and part of the year are required; subjects and their sentences (numbers masked)
are compared as character n-grams (TF-IDF cosine); one optimal one-to-one assignment over the whole report decides
(`scipy.optimize.linear_sum_assignment`), so no figure wins by coming first. People's decisions
(`data/raw/links.csv`) and shared catalog ids are forced; a confident link continues the earlier figure's series.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .subjects import is_based, unit_family

# Measured on the development set (benchmarks/linking.md): character 1–2-grams, subject weighted over context.
NGRAMS = (1, 2)
SUBJECT_WEIGHT = 0.75
# A link is settled when its score is high and no rival comes close; else it is a suggestion for a person.
SETTLE = 0.62
SUGGEST = 0.35
# Values of one indicator in consecutive years are rarely far apart: a tie-breaker, never a reason to link.
VALUE_PENALTY = 0.06
# A subject matched without its lead-in (其中税收 / 税收) counts this much of a whole match.
LEAD_IN_WEIGHT = 0.9
LINK_COLUMNS = [
    "region",
    "year",
    "key",
    "previous_year",
    "previous_key",
    "score",
    "confidence",
    "link",
    "status",
]


@dataclass(frozen=True)
class Decision:
    """A person's word on a pair: `same` (link them) or `different` (never link them)."""

    region: str
    year: int
    key: str
    previous_year: int
    previous_key: str
    decision: str
    where: str


def period_type(period: str) -> str:
    """'year' for a whole year, else the part of the year (H1, Q1, ...)."""
    return period.split("-", 1)[1] if "-" in period else "year"


def compatible(a: pd.Series, b: pd.Series) -> bool:
    """Two figures can measure the same thing only in one unit family and the same part of the year."""
    return unit_family(a["unit"]) == unit_family(b["unit"]) and a["period_type"] == b["period_type"]


def containment(a: str, b: str) -> float:
    """The share of `a`'s character bigrams that `b` also has (1.0: `a` is written whole inside `b`)."""
    grams = {a[i : i + 2] for i in range(len(a) - 1)}
    return sum(g in b for g in grams) / len(grams) if grams else 0.0


def similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Cosine similarity of every text of `a` with every text of `b` (character n-grams, TF-IDF)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    # Imported here: pages that only read the dataset (every per-report page) need neither scikit-learn nor SciPy,
    # which together take about a second of each kernel's start.
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, token_pattern=None)
    try:
        vec.fit(a + b)
    except ValueError:  # every text empty
        return np.zeros((len(a), len(b)))
    return (vec.transform(a) @ vec.transform(b).T).toarray()


# Names statistical texts give one indicator: GDP is 国内/地区生产总值, 服务业 is 第三产业 (as 国家统计局 defines it).
# 居民收入 in a work report is 居民人均可支配收入; 研发投入强度 is R&D spending as a share of GDP.
SAME_NAMES = (
    ("国内生产总值", "生产总值"),
    ("地区生产总值", "生产总值"),
    ("GDP", "生产总值"),
    ("服务业", "第三产业"),
    ("居民人均可支配收入", "居民收入"),
    ("研发经费投入强度", "研发经费支出"),
    ("研发投入强度", "研发经费支出"),
    # 粮食作物播种(面积) is the 粮食种植面积 of another year's text; 总产量 is the 产量 of a crop
    ("粮食作物", "粮食"),
    ("种植面积", "播种面积"),
    ("总产量", "产量"),
    ("常住居民", "居民"),  # 城镇常住居民人均可支配收入 is the 城镇居民人均可支配收入 of other years' texts
    # 第一产业增加值所占比重 / 第一产业比重 / 第一产业增加值占比: the industry's share of GDP
    ("增加值所占比重", "比重"),
    ("增加值占比", "比重"),
    ("增加值比重", "比重"),
    ("所占比重", "比重"),
    ("公共财政预算收入", "一般公共预算收入"),  # the name before the 2014 budget law, still used in some releases
)


def match_text(subject: str) -> str:
    """A subject as compared: without brackets (社区（居委会）), 的, 具有, the 新 of 新发展, one name per indicator."""
    s = unicodedata.normalize("NFKC", subject).upper()  # ＧＤＰ, gdp and GDP are one name
    s = re.sub(r"[（(][^）)]*[）)]?", "", s)
    s = re.sub(r"的|具有|新(?=发展)|全年|年度", "", s)  # 完成年度任务的117.2% / 完成全年任务的116.9%
    s = re.sub(r"播种$", "播种面积", s)  # 粮食作物播种达到7328亩: sown, in 亩, is the sown area
    for name, same in SAME_NAMES:
        s = s.replace(name, same)
    return s


_ROUNDED = ("more_than", "approx", "at_least", "less_than", "at_most")
# GDP超过126万亿元 beside the precise 1260582亿元: a rounded figure this close to an exact one of the same name.
RESTATED_WITHIN = 0.05


def restatements(figs: pd.DataFrame) -> pd.Series:
    """True for a rounded figure (超过, 约, 余) that restates an exact figure of the same report, name and unit."""
    out = pd.Series(False, index=figs.index)
    labels = pd.Series(_label(figs), index=figs.index)
    for _, g in figs.groupby(["report_year", "period", "role", "unit"], sort=False):
        exact = g[g["qualifier"] == "none"]

        for idx, r in g[g["qualifier"].isin(_ROUNDED)].iterrows():
            same = exact[labels[exact.index] == labels[idx]]
            close = (same["value"] - r["value"]).abs() <= RESTATED_WITHIN * same["value"].abs()
            out[idx] = bool(labels[idx]) and bool(close.any())
    return out


def _label(df: pd.DataFrame) -> list[str]:
    pairs = zip(df["subject"].fillna(""), df["denominator"].fillna(""), strict=True)
    return [match_text(f"{s}占{d}" if d else s) for s, d in pairs]


def _tail(label: str) -> str:
    """What a subject counts after its lead-in (一般公共预算收入中税收 → 税收)."""
    return label.rsplit("中", 1)[1] if "中" in label[:-1] else label


def score_matrix(cur: pd.DataFrame, prev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(scores, feasible) of every current figure against every previous one."""
    lab1, lab0 = _label(cur), _label(prev)
    subj = similarity(lab1, lab0)
    # 税收占比85.5% / 其中税收占比86.5% (一般公共预算收入中税收): a subject said once with its lead-in and once
    # without matches on what follows the lead-in, a little below a match of the whole.
    lead1 = np.array(["中" in x[:-1] for x in lab1])
    lead0 = np.array(["中" in x[:-1] for x in lab0])
    tails = np.array([_tail(x) for x in lab1], dtype=object)[:, None] == np.array(
        [_tail(x) for x in lab0], dtype=object
    )
    subj = np.where((lead1[:, None] ^ lead0[None, :]) & tails, np.maximum(subj, LEAD_IN_WEIGHT), subj)
    ctx = similarity(cur["context"].fillna("").tolist(), prev["context"].fillna("").tolist())
    score = SUBJECT_WEIGHT * subj + (1 - SUBJECT_WEIGHT) * ctx
    # Sizes are compared without their signs: a growth rate that turns from -7% to +21.1% is still that rate.
    v1, v0 = np.abs(cur["value"].to_numpy(float)), np.abs(prev["value"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log10(np.maximum(v1[:, None], 1e-9) / np.maximum(v0[None, :], 1e-9)))
    score = score - VALUE_PENALTY * np.minimum(ratio, 2.0) / 2.0
    fam1 = np.array([unit_family(u) for u in cur["unit"]], dtype=object)
    fam0 = np.array([unit_family(u) for u in prev["unit"]], dtype=object)
    avg1 = (cur["qualifier"] == "annual_avg").to_numpy()
    avg0 = (prev["qualifier"] == "annual_avg").to_numpy()
    based1 = cur["subject"].fillna("").map(is_based).to_numpy(bool)
    based0 = prev["subject"].fillna("").map(is_based).to_numpy(bool)
    feasible = (
        (fam1[:, None] == fam0[None, :])
        & (avg1[:, None] == avg0[None, :])
        & (based1[:, None] == based0[None, :])  # 比2019年增长 is no 同比 change: never linked with one
        & (cur["period_type"].to_numpy(object)[:, None] == prev["period_type"].to_numpy(object)[None, :])
    )
    id1, id0 = cur["indicator_id"].to_numpy(object), prev["indicator_id"].to_numpy(object)
    has1 = np.array([isinstance(x, str) and bool(x) for x in id1])
    has0 = np.array([isinstance(x, str) and bool(x) for x in id0])
    both = has1[:, None] & has0[None, :]
    same_id = both & (id1[:, None] == id0[None, :])
    feasible &= ~both | same_id  # two different catalog ids never link
    score = np.where(same_id, 1.0, score)
    return np.clip(score, 0.0, 1.0), feasible


def assign(score: np.ndarray, feasible: np.ndarray, forced: dict[tuple[int, int], str]) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, confidence) maximising the total score; `forced` pairs are kept whatever they score."""
    if score.size == 0:
        return []
    s = np.where(feasible, score, -1.0)
    for (i, j), _ in forced.items():
        s[i, :], s[:, j] = -1.0, -1.0
    for (i, j), _ in forced.items():
        s[i, j] = 2.0
    from scipy.optimize import linear_sum_assignment  # see similarity(): only a build links

    rows, cols = linear_sum_assignment(-s)
    partner_of_col = dict(zip(cols.tolist(), rows.tolist(), strict=True))
    partner_of_row = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    out = []
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if (i, j) in forced:
            out.append((i, j, 1.0))
            continue
        if s[i, j] < SUGGEST:
            continue
        margin = _swap_margin(s, i, j, partner_of_row, partner_of_col)
        out.append((i, j, float(min(s[i, j], 0.5 + margin))))
    return out


def _swap_margin(s: np.ndarray, i: int, j: int, row_partner: dict[int, int], col_partner: dict[int, int]) -> float:
    """How much the assignment would lose by pairing i or j otherwise (a rival taken by its own better partner
    costs a swap, not nothing): the least such loss over every rival, of i's row and of j's column."""
    return float(min(_losses(s, i, j, col_partner) + _losses(s.T, j, i, row_partner)))


def _losses(s: np.ndarray, i: int, j: int, col_partner: dict[int, int]) -> list[float]:
    """For each rival k of j in row i: what giving k to i costs, k's own partner then taking j."""
    out = [float(s[i, j])]
    for k in np.flatnonzero(s[i, :] > 0):
        if k == j:
            continue
        other = col_partner.get(int(k))
        swap = s[other, j] if other is not None and s[other, j] > 0 else 0.0
        kept = s[other, k] if other is not None and s[other, k] > 0 else 0.0
        out.append(float(s[i, j] + kept - s[i, k] - swap))
    return out


def link_region(figs: pd.DataFrame, decisions: list[Decision]) -> pd.DataFrame:
    """Every link between consecutive reports of one region, and every baseline a report states itself."""
    rows: list[dict] = []
    figs = figs[~figs["match_note"].fillna("").str.startswith("repeats")]  # a headline's copy of a body figure
    figs = figs[~restatements(figs)]  # the exact figure links; its rounded restatement would only rival it
    levels = figs[figs["role"] == "level"]
    years = sorted(figs["report_year"].unique())
    pairs = [(p, y, role) for p, y in itertools.pairwise(years) for role in ("level", "change")]
    for prev_year, year, role in pairs:
        # Levels link with levels and stated changes with stated changes (a growth rate with the next one).
        same_role = figs[figs["role"] == role]
        cur = same_role[(same_role["report_year"] == year) & (same_role["year"] == year)].reset_index(drop=True)
        prev = same_role[(same_role["report_year"] == prev_year) & (same_role["year"] == prev_year)]
        prev = prev.reset_index(drop=True)
        if cur.empty or prev.empty:
            continue
        score, feasible = score_matrix(cur, prev)
        pos1 = {k: i for i, k in enumerate(cur["key"])}
        pos0 = {k: j for j, k in enumerate(prev["key"])}
        forced: dict[tuple[int, int], str] = {}
        for d in decisions:
            if d.year == year and d.previous_year == prev_year and d.key in pos1 and d.previous_key in pos0:
                i, j = pos1[d.key], pos0[d.previous_key]
                if d.decision == "same" and not compatible(cur.iloc[i], prev.iloc[j]):
                    warnings.warn(
                        f"{d.where}: the two figures differ in unit or part of the year "
                        f"({cur.at[i, 'unit']} {cur.at[i, 'period']} / {prev.at[j, 'unit']} {prev.at[j, 'period']}); "
                        "decision not applied",
                        stacklevel=2,
                    )
                elif d.decision == "same":
                    forced[(i, j)] = "confirmed"
                else:
                    feasible[i, j] = False
        same_id = np.argwhere(feasible & (score >= 1.0))
        for i, j in same_id:
            forced.setdefault((int(i), int(j)), "catalog")
        for i, j, conf in assign(score, feasible, forced):
            kind = forced.get((i, j), "auto")
            if kind == "auto" and role == "level" and _jump(float(cur.at[i, "value"]), float(prev.at[j, "value"])):
                conf = min(conf, SETTLE - 0.01)  # 38亿元 → 3800亿元: a unit slip or another indicator; a person looks
            if kind == "auto" and _opposed(str(cur.at[i, "subject"]), str(prev.at[j, "subject"])):
                conf = min(conf, SETTLE - 0.01)  # 高于全市平均 / 低于全市平均: which way is the subject; a person looks
            rows.append(
                {
                    "region": cur.at[i, "region"],
                    "year": int(year),
                    "key": cur.at[i, "key"],
                    "previous_year": int(prev_year),
                    "previous_key": prev.at[j, "key"],
                    "score": round(float(score[i, j]), 3),
                    "confidence": round(conf, 3),
                    "link": kind,
                    "status": "settled" if kind != "auto" or conf >= SETTLE else "suggested",
                }
            )
    rows += _stated(levels)
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


# A level that moves this far in a year is more often a unit slip (万元 for 亿元) or another indicator than a change.
JUMP = 100.0


def _jump(value: float, previous: float) -> bool:
    """Whether two levels differ by a factor of JUMP or more (never settled without a person)."""
    a, b = abs(value), abs(previous)
    return min(a, b) > 0 and max(a, b) / min(a, b) >= JUMP


# Subjects that differ only by a word of direction name what was compared, not what was measured.
OPPOSITES = (("高于", "低于"), ("快于", "慢于"), ("多于", "少于"), ("增加", "减少"), ("上升", "下降"), ("顺差", "逆差"))


def _opposed(subject: str, previous: str) -> bool:
    """Whether two subjects are the same but for opposite words of direction (增速高于… / 增速低于…)."""
    for a, b in OPPOSITES:
        for x, y in ((a, b), (b, a)):
            if x in subject and y in previous and subject.replace(x, y) == previous:
                return True
    return False


def _stated(levels: pd.DataFrame) -> list[dict]:
    """由2021年的4%提升到12%: a figure of an earlier year written beside this year's, with the same subject."""
    out = []
    past = levels[levels["year"] < levels["report_year"]]
    for _, f in past.iterrows():
        same = levels[
            (levels["report_year"] == f["report_year"])
            & (levels["year"] == f["report_year"])
            & (levels["subject"] == f["subject"])
            & (levels["unit"] == f["unit"])
            & (levels["start"] > f["start"])
            & (levels["start"] - f["end"] < 40)
        ]
        if same.empty:
            continue
        g = same.sort_values("start").iloc[0]
        out.append(
            {
                "region": f["region"],
                "year": int(g["year"]),
                "key": g["key"],
                "previous_year": int(f["year"]),
                "previous_key": f["key"],
                "score": 1.0,
                "confidence": 1.0,
                "link": "stated",
                "status": "settled",
            }
        )
    return out


def assign_series(figs: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Give every figure a `series`: its catalog id, else the series of the figure it is confidently linked to.

    A new phrasing of a catalogued indicator inherits the id (and names) of the figure it continues.
    """
    figs = figs.copy()
    series = {
        k: (i if isinstance(i, str) and i else f"~{k}") for k, i in zip(figs["key"], figs["indicator_id"], strict=True)
    }
    settled = links[links["status"] == "settled"].sort_values(["year", "link"])
    by_key = figs.set_index("key")
    ids = dict(zip(figs["key"], figs["indicator_id"], strict=True))
    used = {
        (r, y, p, i)
        for r, y, p, i in zip(figs["region"], figs["report_year"], figs["period"], figs["indicator_id"], strict=True)
    }
    for _, ln in settled[settled["link"] != "stated"].iterrows():
        cur, prev = ln["key"], ln["previous_key"]
        series[cur] = series[prev]
        inherited = ids.get(prev)
        row = by_key.loc[cur]
        slot = (row["region"], row["report_year"], row["period"], inherited)
        if isinstance(inherited, str) and not isinstance(ids.get(cur), str) and slot not in used:
            ids[cur] = inherited
            used.add(slot)
    for _, ln in settled[settled["link"] == "stated"].iterrows():
        series[ln["previous_key"]] = series[ln["key"]]
        if isinstance(ids.get(ln["key"]), str):
            ids[ln["previous_key"]] = ids[ln["key"]]
    figs["series"] = figs["key"].map(series)
    figs["indicator_id"] = figs["key"].map(ids)
    return figs
