"""The number parser: every supported way of writing a number, and only those."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.numbers import NumberFormatError, parse_number

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12000", 12000),
        ("12,000", 12000),
        ("1.2万", 12000),
        ("1.2萬", 12000),
        ("一万二千", 12000),
        ("一萬二千", 12000),
        ("１２０００", 12000),
        ("184.87万", 1848700),
        ("2万", 20000),
        ("1.2亿", 120_000_000),
        ("十", 10),
        ("两千", 2000),
        ("兩千", 2000),
        ("一百零五", 105),
        ("68.5", 68.5),
        ("3千", 3000),
        ("8兆", 8 * 10**12),
        ("8兆7,435.1億", 8_743_510_000_000),
        ("1亿2500万", 125_000_000),
    ],
)
def test_supported_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "万", "abc", "12,00", "1.2.3", "十万亿x", "1万万", None, "--1", "2亿3亿", "1亿20000万"]
)
def test_everything_else_is_refused_with_the_projects_error(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    out, zero = "", False
    for value, name in ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        q, n = divmod(n, value)
        if q:
            if zero and out:
                out += "零"
            out += (_chinese(q) if q >= 10 else digits[q]) + name
            zero = False
        elif out:
            zero = True
    return out


@given(st.integers(min_value=0, max_value=10**11))
def test_any_integer_in_any_form_parses_back_to_itself(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n).translate(FULL)) == n
    if n % 1000 == 0:
        assert parse_number(format(Decimal(n) / 10_000, "f") + "万") == n
    if n <= 10**8:
        assert parse_number(_chinese(n)) == n


@given(st.text(max_size=30))
def test_arbitrary_text_raises_nothing_but_number_format_error(text):
    try:
        value = parse_number(text)
    except NumberFormatError:
        return
    assert value >= 0


def test_a_number_beyond_any_figure_is_not_a_number():
    """400 nines would be inf as a float, which the schema took and a chart could not draw."""
    from helpers.extraction import find_figures

    with pytest.raises(NumberFormatError, match="too large"):
        parse_number("9" * 400)
    figs, skipped = find_figures("投入" + "9" * 400 + "万元，选派207名干部。", 2023)
    assert [f.value for f in figs] == [207] and skipped[0][1] == "not a number"
    assert parse_number("126万亿") == 1.26e14  # a country's GDP is still a figure
