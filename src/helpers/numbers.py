"""Parse numbers as Chinese reports write them: 12,000 / 1.2万 / 一万二千 / full-width digits."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import cn2an

# 兆 is 10^12 where Taiwan writes money (8兆元 = 8万亿元); mainland texts use it only in units (兆瓦).
MULTIPLIERS: dict[str, int] = {"兆": 10**12, "万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
# Traditional forms that appear in naive Simplified -> Traditional conversions.
_TRAD = str.maketrans({"萬": "万", "億": "亿", "兩": "两", "參": "叁"})
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# Thousands may be separated by commas or spaces (12,000 / 12 000), as reports print them.
ARABIC_RE = re.compile(r"^(?P<num>\d+(?:[, ]\d{3})*(?:\.\d+)?|\d*\.\d+)(?P<mult>兆|万亿|亿|万|千|百)?$")
CN_RE = re.compile(f"^[{CN_DIGITS}]+$")
# 十二点四亿 / 一百零八点六二: a number in words with decimals, and a multiplier after them.
CN_DECIMAL_RE = re.compile(f"^(?P<num>[{CN_DIGITS}]+点[零〇一二三四五六七八九]+)(?P<mult>万亿|亿|万)?$")
# 8兆7,435.1亿 / 1亿2000万: a whole number of a large unit, then the rest in a smaller one.
COMPOSITE_RE = re.compile(
    r"^(?P<big>\d+)(?P<bmult>兆|万亿|亿|万)(?P<rest>\d+(?:,\d{3})*(?:\.\d+)?)(?P<smult>亿|万|千)$"
)  # 6万8千 too


class NumberFormatError(ValueError):
    """Raised when a string is not a number in a supported form."""


def to_halfwidth(text: str) -> str:
    """Turn full-width digits, %, comma and point into their ASCII forms."""
    return "".join(unicodedata.normalize("NFKC", ch) if ch in "０１２３４５６７８９％．" else ch for ch in text)


# Larger than any figure a report states (a country's GDP is about 1.3e14 元): a longer run of digits is a
# pasted code or junk, and as a float it would become inf and break a chart.
MAX_VALUE = 1e16


def parse_number(text: str) -> float:
    """Return the value of `text` in base units; raise NumberFormatError if it is not a number (or beyond
    MAX_VALUE)."""
    value = _parse(text)
    if not abs(value) <= MAX_VALUE:  # inf and nan too
        raise NumberFormatError(f"too large to be a figure: {text[:24]!r}")
    return value


def _parse(text: str) -> float:
    if not isinstance(text, str):
        raise NumberFormatError(f"not a string: {text!r}")
    s = to_halfwidth(text.strip()).translate(_TRAD).replace("，", ",")
    if not s:
        raise NumberFormatError("empty number")
    c = COMPOSITE_RE.match(s)
    if c:
        big, small = MULTIPLIERS[c["bmult"]], MULTIPLIERS[c["smult"]]
        rest = Decimal(c["rest"].replace(",", ""))
        if small >= big or rest * small >= big:
            raise NumberFormatError(f"the smaller part is not smaller: {text!r}")
        return float(Decimal(c["big"]) * big + rest * small)
    m = ARABIC_RE.match(s)
    if m:
        try:
            value = Decimal(m["num"].replace(",", "").replace(" ", ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
            raise NumberFormatError(f"not a number: {text!r}") from exc
        return float(value * MULTIPLIERS.get(m["mult"] or "", 1))
    d = CN_DECIMAL_RE.match(s)
    if d:
        try:
            return float(Decimal(str(cn2an.cn2an(d["num"], "normal"))) * MULTIPLIERS.get(d["mult"] or "", 1))
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise NumberFormatError(f"not a Chinese numeral: {text!r}") from exc
    if CN_RE.match(s) and any(ch not in "万亿千百" for ch in s):
        try:
            value = cn2an.cn2an(s, "normal")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise NumberFormatError(f"not a Chinese numeral: {text!r}") from exc
        return float(value)
    raise NumberFormatError(f"not a number: {text!r}")
