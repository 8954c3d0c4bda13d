"""Find every numeric indicator in a cleaned, Simplified-Chinese report text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .numbers import CN_DIGITS, MULTIPLIERS, NumberFormatError, parse_number

# Measure words, longest first so that 人次 wins over 人 and 个百分点 over 个.
UNITS = [
    "个百分点",
    "百分点",
    "平方公里",
    "平方米",
    "人次",
    "场次",
    "批次",
    "户次",
    "课时",
    "学时",
    "小时",
    "公里",
    "万元",
    "亿元",
    "名",
    "人",
    "场",
    "期",
    "个",
    "家",
    "所",
    "份",
    "项",
    "次",
    "户",
    "条",
    "件",
    "篇",
    "处",
    "支",
    "座",
    "套",
    "台",
    "辆",
    "间",
    "张",
    "本",
    "册",
    "位",
    "例",
    "起",
    "轮",
    "批",
    "届",
    "天",
    "亩",
    "吨",
    "倍",
    "岁",
    "元",
    "%",
    "％",
]
UNITS = tuple(sorted(UNITS, key=len, reverse=True))
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?(?:万亿|亿|万|千)?"
_CHINESE = f"[{CN_DIGITS}]+"
FIGURE_RE = re.compile(
    rf"(?P<pre>超过|近|约|超|逾)?"
    rf"(?P<num>(?<![\d.,]){_ARABIC}|{_CHINESE})"
    rf"(?P<post>余|多)?"
    rf"(?P<unit>{_UNIT_ALT})"
    rf"(?P<tail>及以上|以上|左右|及以下|以下|以内)?"
)
CLAUSE_END = "，。；！？：\n"
OPEN_QUOTES, CLOSE_QUOTES = "“‘《「『", "”’》」』"
QUALIFIERS = {
    "近": "approx",
    "约": "approx",
    "左右": "approx",
    "超": "more_than",
    "超过": "more_than",
    "逾": "more_than",
    "余": "more_than",
    "多": "more_than",
    "以上": "at_least",
    "及以上": "at_least",
}
PERIOD_MARKERS = {"上半年": "H1", "下半年": "H2", "一季度": "Q1", "第一季度": "Q1", "前三季度": "Q1-Q3"}
# 由2021年的4% / 2021年底为4%: a year written right before a figure says when that figure was observed.
BASELINE_RE = re.compile(r"(?P<year>(?:19|20)\d{2})年(?:底|末|初)?(?:的|为|是|达到?)?$")
_CN_SMALL = "一二两三四五六七八九十"
# Nouns after which a small Chinese numeral counts the report's own items (六项措施, 三项举措, 六个问题).
OWN_ITEMS_RE = re.compile(
    r"^(?:项|个|条|大|方面)?(?:措施|举措|问题|机制|方面|原则|任务|行动|工程|环节|要求|步骤|做法|经验|重点|目标)"
)


@dataclass(frozen=True)
class Figure:
    """One indicator found in the text."""

    value: float
    unit: str
    qualifier: str
    number_as_written: str
    year: int
    period: str
    start: int
    end: int
    phrase_start: int
    phrase_end: int
    source_phrase: str


class TextIndex:
    """Clause boundaries and quotation depth of a text, computed once so that each lookup is logarithmic.

    Reports of several megabytes stay linear: no lookup scans the text again.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.boundaries = [m.start() for m in re.finditer(f"[{CLAUSE_END}]", text)]
        self.positions, self.depths = [0], [0]
        depth = 0
        # A quotation that is not closed by the end of its sentence (a lost mark, as in the garbled run)
        # is closed there, so that one damaged mark cannot hide the rest of the report.
        for m in re.finditer(f"[{OPEN_QUOTES}{CLOSE_QUOTES}。\n]", text):
            if m.group() in "。\n":
                if depth:
                    depth = 0
                    self.positions.append(m.start() + 1)
                    self.depths.append(depth)
                continue
            if m.group() in OPEN_QUOTES:
                depth += 1
                self.positions.append(m.start())  # the opening mark itself is inside
            else:
                depth = max(0, depth - 1)
                self.positions.append(m.start() + 1)  # the closing mark is still inside
            self.depths.append(depth)

    def depth(self, pos: int) -> int:
        """How many quotation marks or title brackets are open at `pos`."""
        return self.depths[bisect.bisect_right(self.positions, pos) - 1]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from the previous to the next clause-ending punctuation."""
        i = bisect.bisect_left(self.boundaries, start)
        left = self.boundaries[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self.boundaries, end)
        return left, self.boundaries[j] if j < len(self.boundaries) else self.length


def _list_items(before: str) -> int:
    """How many items the text before a count enumerates: quoted items, or items separated by 、."""
    quoted = re.findall(r"“[^”]*”", before)
    if len(quoted) > 1:
        return len(quoted)
    inner = quoted[0][1:-1] if quoted else before
    return len(inner.split("、")) if "、" in inner else 0


def _value(num: str) -> float | None:
    """The number's value, or None when the characters only look like a numeral."""
    try:
        return parse_number(num)
    except NumberFormatError:
        return None


def _next_sentence(text: str, pos: int) -> str:
    """The rest of the sentence after `pos`, or the next sentence if `pos` ends one (where a list may follow)."""
    end = text.find("。", pos)
    rest = text[pos:end] if end != -1 else text[pos:]
    if rest.strip("，；：、"):
        return rest
    nxt = text.find("。", end + 1) if end != -1 else -1
    return text[end + 1 : nxt] if nxt != -1 else text[end + 1 :]


def exclusion(text: str, m: re.Match[str], index: TextIndex, clause_start: int) -> str | None:
    """Why a match is not an indicator (label, ordinal, threshold, list count, ...), or None."""
    num, unit, tail = m["num"], m["unit"], m["tail"] or ""
    start = m.start("num")
    if index.depth(start):
        return "label (inside quotation marks)"
    prev = text[start - 1 : start]
    if prev == "第":
        return "ordinal"
    if prev == "+" or text[m.end("num") : m.end("num") + 1] == "+":
        return "model name"
    if tail in ("以下", "及以下", "以内") or (unit == "岁" and tail):
        return "threshold"
    after = text[m.end() : m.end() + 1]
    if after == "的" and (m["pre"] in ("超过", "超", "逾") or tail in ("以上", "及以上")):
        return "threshold"  # 收入超过50万元的村: a bound that selects what is counted
    value = _value(num)
    if value is None:
        return "not a number"  # 万人, 十十: characters that look like numerals but count nothing
    if num[0] in CN_DIGITS:
        if num == "一" and not m["post"]:
            return "article (一 = 'a')"
        if all(ch in _CN_SMALL for ch in num):
            if value == _list_items(text[clause_start:start]) or value == _list_items(_next_sentence(text, m.end())):
                return "count of the report's own list"
            if OWN_ITEMS_RE.match(text[m.start("unit") :]):
                return "count of the report's own list"
    return None


def find_figures(text: str, year: int) -> tuple[list[Figure], list[tuple[str, str]]]:
    """Return the indicators in `text` (a report of `year`) and the (phrase, reason) of what was skipped."""
    index = TextIndex(text)
    figures, skipped = [], []
    for m in FIGURE_RE.finditer(text):
        c0, c1 = index.clause(m.start(), m.end())
        why = exclusion(text, m, index, c0)
        if why:
            skipped.append((m.group(0), why))
            continue
        unit, value = m["unit"], parse_number(m["num"])  # exclusion() has refused what does not parse
        if unit in ("万元", "亿元"):
            value, unit = value * MULTIPLIERS[unit[0]], "元"
        if unit == "％":
            unit = "%"
        quals = {QUALIFIERS[q] for q in (m["pre"], m["post"], m["tail"]) if q}
        qualifier = "approx" if "approx" in quals else (sorted(quals)[0] if quals else "none")
        start = m.start("pre") if m["pre"] else m.start("num")
        obs_year, period = _period(text[c0:start], year)
        written = text[start : m.start("unit")] + (m["tail"] or "")
        figures.append(Figure(value, unit, qualifier, written, obs_year, period, start, m.end(), c0, c1, text[c0:c1]))
    return figures, skipped


def _period(before: str, report_year: int) -> tuple[int, str]:
    """The year and period a figure refers to, read from the clause before it."""
    m = BASELINE_RE.search(before)
    if m:
        return int(m["year"]), m["year"]
    for marker, suffix in PERIOD_MARKERS.items():
        if marker in before:
            return report_year, f"{report_year}-{suffix}"
    return report_year, str(report_year)
