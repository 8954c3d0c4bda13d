"""Tables printed as text in a report: a header naming each value column with its unit in brackets, then one row
per label (its numbers on the same line, or each on a line of its own, as a web page's table is copied).
Statistics communiqués and budget reports print them so:

    指标 累计（亿元） 同比（%）          指标
    一般公共预算收入 803.80 -2.1        累计（亿元）
                                        同比（%）
                                        一般公共预算收入
                                        803.80
                                        -2.1

Each cell is a figure whose subject is the row's label (the prose around it has no words for it), whose unit comes
from its column, and whose role is a change when the column names one (同比, 比上年增长, 增减 …). A table whose
header has a bracket that is not a unit, or a row with a missing cell, is left to the prose rules: which column a
lone number belongs to is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import MULTIPLIERS

_NAME = r"(?:(?:19|20)\d{2}年|[^\d\n（）()，。；:：])"  # a column's name; a year may be part of it (2023年（万元）)
_BRACKET = r"[（(][^（）()\n\d]{1,5}[）)]"
COLUMN_RE = re.compile(rf"(?P<name>{_NAME}{{0,16}}?)[（(](?P<unit>[^（）()\n\d]{{1,5}})[）)]")
HEADER_RE = re.compile(rf"(?:{_NAME}{{0,16}}?{_BRACKET}[ \t\u3000]*){{2,10}}")
ONE_COLUMN_RE = re.compile(rf"{_NAME}{{0,16}}?{_BRACKET}")
_CELL = r"[-−]?\d[\d,]*(?:\.\d+)?"
# Cells are parted by spaces or by the sign of the next one (803.80-2.1, the copy lost the space): never by nothing,
# or a long run of digits could be cut into cells in exponentially many ways before the row is refused.
ROW_RE = re.compile(
    rf"(?P<label>[^\n]*?[\u4e00-\u9fff）)])[ \t\u3000]*(?P<cells>{_CELL}(?:(?:[ \t\u3000]+|(?=[-−])){_CELL})*)"
)
LABEL_RE = re.compile(r"[^\d\n]*[\u4e00-\u9fff][^\d\n]*")
CELL_RE = re.compile(r"(?:[-−]|(?<![\d.,]))\d[\d,]*(?:\.\d+)?")
ONE_CELL_RE = re.compile(_CELL)
TARGET_COLUMN_RE = re.compile(r"目标|预期|计划|预算")
DONE_COLUMN_RE = re.compile(r"完成|执行|决算|实际|占")  # 完成预算（%）: how much of the plan was done, a level
VALUE_CELL_RE = re.compile(rf"(?P<pre>约|近|超过|不足|不到)?(?P<num>{_CELL})(?P<tail>左右|以上|以内|以下|及以上)?")
CHANGE_COLUMN_RE = re.compile(r"同比|增长|增速|增幅|增减|比上年|比去年|比上月|环比|±|升降")
LABEL_HEADERS = ("指标名称", "项目名称", "指标", "项目", "科目", "名称", "类别")
# 单位：亿元、% above a header of words (指标 总量 比上年增长): the units of the value columns, in order.
UNIT_LINE_RE = re.compile(r"(?:计量)?单位[：:]\s*(?P<units>[^\d\n：:]{1,24})")
COLUMN_WORD = (
    r"比上年(?:增长|增减|±)|同比(?:增长|增减)?|比上年|调整预算数|预算数|决算数|执行数|完成数|总量|绝对数|绝对值|年末数"
    r"|本年|本期|本月|累计|金额|数量|总额|实绩|增长|增速|增幅|比重|占比|构成|(?:19|20)\d{2}年"
)
WORD_HEADER_RE = re.compile(rf"(?:{'|'.join(LABEL_HEADERS)})(?P<cols>(?:{COLUMN_WORD}){{1,8}})")
_LEAD_RE = re.compile(r"^(?:[#＃*]+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|其中[：:]?|\s)+")
YEAR_RE = re.compile(r"((?:19|20)\d{2})年")
Row = tuple[str, list[tuple[int, str]], int, int]  # label, (position, number) of each cell, start, end


@dataclass(frozen=True)
class Column:
    """One value column of a printed table."""

    name: str
    unit: str  # in base units (元 for a column in 亿元)
    change: bool
    year: int | None
    target: bool = False  # 目标, 预期, 计划: what was planned, not what happened
    index: int = 0  # its place among a delimited row's cells (0 is the label)
    scale: int = 1  # what a printed number is multiplied by (10⁸ for 亿元)


@dataclass(frozen=True)
class Cell:
    """One number of a table row, with what its column and row say about it."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    change: bool
    year: int | None
    label: str
    row_start: int
    row_end: int
    target: bool = False
    qualifier: str = "none"


def _column(m: re.Match[str], units: tuple[str, ...], index: int = 0) -> Column | None:
    known = table_unit(m["unit"].strip(), units)
    if known is None:
        return None
    unit, scale = known
    name = m["name"].strip()
    name = next((name[len(h) :] for h in LABEL_HEADERS if name.startswith(h)), name).strip()
    year = YEAR_RE.search(name)
    change = CHANGE_COLUMN_RE.search(name) is not None
    target = TARGET_COLUMN_RE.search(name) is not None and DONE_COLUMN_RE.search(name) is None
    return Column(name, unit, change, int(year[1]) if year else None, target, index, scale)


def columns(header: str, units: tuple[str, ...]) -> list[Column] | None:
    """The value columns a header names, or None when one of its brackets is not a unit."""
    out = [_column(m, units) for m in COLUMN_RE.finditer(header)]
    return out if len(out) >= 2 and all(out) else None  # type: ignore[return-value]


def delimited_columns(cells: list[str], units: tuple[str, ...]) -> list[Column] | None:
    """The value columns of a header split by |: the cells that name a unit (指标属性 and the like hold words)."""
    out = []
    for i, cell in enumerate(cells[1:], start=1):
        m = COLUMN_RE.fullmatch(cell)
        if m:
            col = _column(m, units, i)
            if col is None:
                return None
            out.append(col)
    return out or None


def _split(body: str) -> list[tuple[int, str]] | None:
    """(offset, text) of each cell of a line split by | (a table copied as Markdown or from a spreadsheet)."""
    if body.count("|") < 2 and not (body.count("|") == 1 and not body.startswith("|")):
        return None
    out, pos = [], 0
    for part in body.split("|"):
        stripped = part.strip(" \t\u3000")
        out.append((pos + len(part) - len(part.lstrip(" \t\u3000")), stripped))
        pos += len(part) + 1
    if body.startswith("|"):
        out = out[1:]
    if body.endswith("|"):
        out = out[:-1]
    return out


def label_of(raw: str) -> str:
    """A row's label without its numbering and list marks (一、, #, 其中：)."""
    return _LEAD_RE.sub("", raw).strip()


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of every non-blank line, positions of the stripped text."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        body = line.strip(" \t\u3000")
        if body:
            start = m.start() + len(line) - len(line.lstrip(" \t\u3000"))
            out.append((start, start + len(body), body))
    return out


def _unit_line_header(
    lines: list[tuple[int, int, str]], i: int, units: tuple[str, ...]
) -> tuple[list[Column], int] | None:
    """A header of words after a line of units (单位：亿元、% then 指标 总量 比上年增长), one unit per column."""
    m = UNIT_LINE_RE.fullmatch(lines[i][2])
    if m is None or i + 1 >= len(lines):
        return None
    named = [u.strip() for u in re.split(r"[、，,/ ]+", m["units"]) if u.strip()]
    header = WORD_HEADER_RE.fullmatch(re.sub(r"[ \t\u3000]", "", lines[i + 1][2]))
    if header is None:
        return None
    words = re.findall(COLUMN_WORD, header["cols"])
    cols = columns("".join(f"{w}（{u}）" for w, u in zip(words, named, strict=False)), units)
    return (cols, i + 2) if cols and len(words) == len(named) else None


def _header_at(lines: list[tuple[int, int, str]], i: int, units: tuple[str, ...]) -> tuple[list[Column], int] | None:
    """The columns of a header starting at line i and the index of the line after it."""
    by_units = _unit_line_header(lines, i, units)
    if by_units is not None:
        return by_units
    if HEADER_RE.fullmatch(lines[i][2]):
        cols = columns(lines[i][2], units)
        return (cols, i + 1) if cols else None
    j = i
    while j < len(lines) and ONE_COLUMN_RE.fullmatch(lines[j][2]):
        j += 1  # one column name per line (a copied web table)
    if j - i >= 2:
        cols = columns(" ".join(line[2] for line in lines[i:j]), units)
        return (cols, j) if cols else None
    return None


def _rows(lines: list[tuple[int, int, str]], i: int, n: int) -> tuple[list[Row], int]:
    """The rows from line i on (a line that holds a row with a missing cell is passed over), until a line is not a
    row; and the index of that line."""
    rows: list[Row] = []
    while i < len(lines):
        start, end, body = lines[i]
        row = ROW_RE.fullmatch(body)
        if row:
            base = start + row.start("cells")
            cells = [(base + m.start(), m.group()) for m in CELL_RE.finditer(row["cells"])]
            if len(cells) == n:
                rows.append((row["label"], cells, start, end))
            i += 1
            continue
        following = lines[i + 1 : i + 1 + n]
        if LABEL_RE.fullmatch(body) and len(following) == n and all(ONE_CELL_RE.fullmatch(f[2]) for f in following):
            rows.append((body, [(f[0], f[2]) for f in following], start, following[-1][1]))
            i += 1 + n
            continue
        after = lines[i + 2 : i + 2 + n]
        if (  # 按行业分 / 按产业分: a heading of the rows below it, then the rows go on
            rows
            and LABEL_RE.fullmatch(body)
            and i + 1 < len(lines)
            and LABEL_RE.fullmatch(lines[i + 1][2])
            and len(after) == n
            and all(ONE_CELL_RE.fullmatch(f[2]) for f in after)
        ):
            i += 1
            continue
        break
    return rows, i


# 项目名称 单位 2016年 2017年 … 2021年: a summary of several years, each row's unit in a column of its own
YEARS_HEADER_RE = re.compile(rf"(?:{'|'.join(LABEL_HEADERS)})单位(?P<years>(?:(?:19|20)\d{{2}}年){{2,12}})")
UNIT_CELL_RE = re.compile(r"[（(]?(?P<unit>%|％|[^\d\s（）()%％]{1,4})[）)]?")


def _years_table(lines: list[tuple[int, int, str]], i: int, units: tuple[str, ...], out: list[Cell]) -> int:
    """Read a table of years with a unit column from line i (its header) on; return the index of the line after
    it (i itself when line i is no such header). A row without a unit cell, or with a missing cell, is passed over:
    which unit a number has is not guessed."""
    header = YEARS_HEADER_RE.fullmatch(re.sub(r"[ \t\u3000]", "", lines[i][2]))
    if header is None:
        return i
    years = [int(y) for y in YEAR_RE.findall(header["years"])]
    j = i + 1
    while j < len(lines):
        start, end, body = lines[j]
        row = ROW_RE.fullmatch(body)
        if row is None:
            break
        j += 1
        head, unit, scale = _unit_suffix(row["label"].rstrip(), units)
        cells = [(start + row.start("cells") + c.start(), c.group()) for c in CELL_RE.finditer(row["cells"])]
        if not head or not unit or len(cells) != len(years):
            continue
        label = label_of(head)
        change = CHANGE_COLUMN_RE.search(label) is not None  # 地区生产总值增速 (%): each year's growth
        for year, (pos, number) in zip(years, cells, strict=True):
            col = Column(str(year), unit, change, year, scale=scale)
            out.append(_cell(col, [col], label, pos, number, "none", start, end))
    return j


def _unit_suffix(label: str, units: tuple[str, ...]) -> tuple[str, str, int]:
    """A row label and the unit that ends it (粮食产量 万吨, or 粮食产量万吨 once cleaning joined them, 增速（%）),
    as (label, unit in base units, scale); ('', '', 1) when it ends in no unit."""
    head, _, word = label.rpartition(" ")
    candidates = [(head, word)] if head.strip() else []
    candidates += [(label[:-k], label[-k:]) for k in (5, 4, 3, 2, 1) if len(label) > k]
    for rest, word in candidates:
        m = UNIT_CELL_RE.fullmatch(word.strip())
        known = table_unit(m["unit"], units) if m and rest.strip() else None
        if known is not None:
            return rest.strip(), *known
    return "", "", 1


def table_cells(text: str, units: tuple[str, ...], qualifiers: dict[str, str]) -> list[Cell]:
    """Every cell of every table printed in `text` whose header names each value column's unit (or each row's)."""
    out: list[Cell] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        after_years = _years_table(lines, i, units, out)
        if after_years != i:
            i = after_years
            continue
        split = _split(lines[i][2])
        cols = delimited_columns([c for _, c in split], units) if split else None
        if cols:
            i = _delimited_rows(lines, i + 1, cols, qualifiers, out)
            continue
        found = _header_at(lines, i, units)
        if found is None:
            i += 1
            continue
        cols, i = found
        rows, i = _rows(lines, i, len(cols))
        for raw_label, cells, r0, r1 in rows:
            label = label_of(raw_label)
            for col, (pos, number) in zip(cols, cells, strict=True):
                out.append(_cell(col, cols, label, pos, number, "none", r0, r1))
    return out


def _cell(col: Column, cols: list[Column], label: str, pos: int, number: str, qualifier: str, r0: int, r1: int) -> Cell:
    """One cell; two value columns of one year, kind and unit (预算数 and 决算数, 目标增长 and 实际增长) add their
    name to the label, which alone would not say which is which."""
    twins = sum((d.year, d.change, d.unit) == (col.year, col.change, col.unit) for d in cols) > 1
    name = label + YEAR_RE.sub("", col.name) if twins else label  # the year is the figure's own field
    value = float(Decimal(number.replace("−", "-").replace(",", "")) * col.scale)  # 82.65 亿元: exactly 8265000000
    end = pos + len(number)
    return Cell(pos, end, number, value, col.unit, col.change, col.year, name, r0, r1, col.target, qualifier)


# Units written more than one way, as figures store them (prose and tables alike).
SAME_UNITS = {"％": "%", "百分点": "个百分点", "人（次）": "人次", "人(次)": "人次", "㎡": "平方米", "周岁": "岁"}


def canonical_unit(unit: str) -> str:
    """The one way a unit is stored: % for ％, 个百分点 for 百分点, 人次 for 人（次）, 平方米 for ㎡, 岁 for 周岁."""
    return SAME_UNITS.get(unit, unit)


def table_unit(word: str, units: tuple[str, ...]) -> tuple[str, int] | None:
    """A table's unit word (a column's bracket, a row's unit cell) as (unit stored, scale): 亿元 → (元, 10⁸),
    ％ → (%, 1); None when it is no unit."""
    unit, scale = base_unit(canonical_unit(word), units)
    return (unit, scale) if unit == "%" or unit in units else None


def base_unit(unit: str, units: tuple[str, ...]) -> tuple[str, int]:
    """A unit in base units, as prose figures are (亿元 → 元 × 10⁸, 百万元 → 元 × 10⁶): the multipliers of
    numbers.MULTIPLIERS before a measure word of `units`; a unit that is a measure word itself (千瓦) is kept."""
    for word, scale in MULTIPLIERS.items():  # longest first: 万亿 before 万
        rest = unit.removeprefix(word)
        if rest != unit and rest:
            inner, more = base_unit(rest, units)
            if inner in units:
                return inner, scale * more
    return unit, 1


def _delimited_rows(
    lines: list[tuple[int, int, str]], i: int, cols: list[Column], qualifiers: dict[str, str], out: list[Cell]
) -> int:
    """Read the rows of a table split by | from line i on (a cell in words, 稳步提高, is no figure); return the
    index of the first line that is not one."""
    width = max(c.index for c in cols) + 1
    while i < len(lines):
        start, end, body = lines[i]
        split = _split(body)
        if not split or len(split) < width:
            break
        i += 1
        if set(body) <= set("|-:  \t"):
            continue  # a Markdown rule under the header (|---|---|)
        label = label_of(split[0][1])
        for col in cols:
            offset, cell = split[col.index]
            m = VALUE_CELL_RE.fullmatch(cell)
            if m and label:
                qualifier = qualifiers.get(m["pre"] or m["tail"] or "", "none")
                pos = start + offset + m.start("num")
                out.append(_cell(col, cols, label, pos, m["num"], qualifier, start, end))
    return i
