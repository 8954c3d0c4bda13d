"""Parts of a year as reports write them (上半年, 一季度, 前三季度, 1—10月) and the period codes they become."""

from __future__ import annotations

import re

from .numbers import parse_number

# Parts of a year: 上半年 / 一季度 / 前三季度 / 1—10月 (a month range, with —, -, 至 or ～ between the months).
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
PERIOD = (
    rf"上半年|下半年|前三季度|(?<![\d.])[一二三1-3][—–\-－至～~][二三四2-4]季度|第?[一二三四1-4]季度|(?<![\d.]){_MONTH}月?[—–\-－至～~]{_MONTH}月(?!份?\d)"
    rf"|前{_MONTH}个?月(?!份?\d)|(?<![\d.年]){_MONTH}月份(?!\d)"  # 前4月 (January to April); 10月份 (one month)
    # 截至11月底, 截至8月31日, 截至5月，: the year so far
    # (截至1月13日18时: a moment, not a part of the year: no period)
    rf"|截[至止]到?(?:今年)?{_MONTH}月份?(?:底|末|\d{{1,2}}日(?![上下]午|\d{{1,2}}[时点])|(?=[，,]))"  # 截止6月份，
    rf"|(?:(?<=^)|(?<=[，。；\n年]))(?<![\d.])到?{_MONTH}月(?:底|末)(?=[，,])"  # 8月底，失业率… / 到6月底，: so far
    rf"|(?<![\d.])到{_MONTH}月(?:底|末)(?!前)"  # 同时，到10月底全市…: so far (到10月底前: a deadline)
    rf"|(?:(?<=^)|(?<=[，。；\n年]))(?<![\d.]){_MONTH}月(?=[，,])"  # 2月，全市共查处…: that month (a monthly release)
    rf"|(?<![\d.—–\-－至～~]){_MONTH}月当月"  # 10月当月实现消费品零售额: that month alone
    rf"|(?<=今年){_MONTH}月(?![份\d]|以来|起|底|末|初|中)"  # 今年5月，全市共查处…: that month
    # 5月912件，6月806件……到10月301件: a month's figure right after it (not a date: 5月1日)
    rf"|(?:(?<=^)|(?<=[，。；、\n年…到]))(?<![\d.]){_MONTH}月(?=是?(?:$|\d+(?:\.\d+)?(?![\d日号.])))"
)
PERIOD_RE = re.compile(rf"(?<![比较])(?:{PERIOD})")  # 比一季度加快: the period compared with, not the figure's
PERIOD_WORDS = {"上半年": "H1", "下半年": "H2", "前三季度": "Q1-Q3"}
# Month ranges that are a half-year or quarters keep that code, so that 1—6月 and 上半年 compare.
MONTH_SPANS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2", (1, 9): "Q1-Q3"}
# A whole year (2023) or a part: a half (2023-H1), a quarter (2023-Q2), 2023-Q1-Q3, months (2023-M01-M10).
PERIOD_PATTERN = r"^\d{4}(-(H[12]|Q[1-4]|Q1-Q3|M(0[1-9]|1[0-2])-M(0[1-9]|1[0-2])))?$"


def period_code(marker: str) -> str:
    """H1, Q2, Q1-Q3 or M01-M10 for a part of a year (上半年, 第二季度, 1—9月, 1—10月); '' for 1—12月."""
    if marker in PERIOD_WORDS:
        return PERIOD_WORDS[marker]
    if marker.endswith("季度"):
        last = "一二三四1234".index(marker[-3]) % 4 + 1
        if len(marker) > 3 and marker[-4] in "—–-－至～~":  # 1-4季度 is the year, 1-3季度 its first nine months
            first = "一二三四1234".index(marker[-5]) % 4 + 1
            return _span_code(3 * first - 2, 3 * last)
        return f"Q{last}"
    months = [_month(m) for m in re.findall(_MONTH, marker)]
    upto = marker.startswith(("前", "截", "到")) or marker.endswith(("底", "末"))
    return _span_code(1, months[0]) if upto else _span_code(months[0], months[-1])


def _span_code(first: int, last: int) -> str:
    """The code of the months first to last: its name where it has one (H1, Q1-Q3), '' for the whole year."""
    return "" if (first, last) == (1, 12) else MONTH_SPANS.get((first, last), f"M{first:02d}-M{last:02d}")


def so_far(year: int, month: int) -> str:
    """The period from January to the end of `month` (截至2023年3月, 4月…累计): 2023-Q1, 2023-M01-M04, 2023."""
    return _dated(year, _span_code(1, month))


def period_of(year: int, marker: str) -> str:
    """The period of a figure dated `year` and `marker`: 2023-Q1-Q3, or 2023 for the whole year."""
    return _dated(year, period_code(marker))


def _dated(year: int, code: str) -> str:
    """A period as stored: 2023-Q1, or 2023 for the whole year (no code)."""
    return f"{year}-{code}" if code else str(year)


def _month(num: str) -> int:
    """A month number written in digits or Chinese (10, 十, 十二)."""
    return int(num) if num.isdigit() else int(parse_number(num))
