"""A report's own headings: which lines open a section, how deep, and which sections plan a later year."""

from __future__ import annotations

import re
from itertools import pairwise

# A paragraph that opens with a numbered heading (一、 （一） 第一部分 一是) or a lead phrase (聚力…) starts a section.
HEADING_RE = re.compile(
    r"^(?:(?P<top>[一二三四五六七八九十]{1,3}[、．.]|第[一二三四五六七八九十]{1,3}(?:部分|章|节)?[，、：\s]|聚力)"
    r"|(?P<sub>[（(][一二三四五六七八九十]{1,3}[）)])|(?P<item>\d{1,2}[、．.](?!\d)))"
)
# 二、2026年重点工作 / 三、下一步工作打算: a section that says what is planned, not what was done.
PLAN_HEADING_RE = re.compile(
    r"(?P<year>(?:19|20)\d{2})年(?:[\u4e00-\u9fff]{0,6}?)(?:工作|目标|任务|打算|安排|思路|计划|重点)"
    r"|(?:下一步|下步|下阶段|下一阶段|明年|新一年|新的一年|今后)(?:[\u4e00-\u9fff]{0,4}?)(?:工作|目标|任务|打算|安排|思路|计划)"
)


def heading_level(line: str) -> int | None:
    """1 for 一、/第一部分, 2 for （一）, 3 for 1., None for a line that is no heading."""
    m = HEADING_RE.match(line.strip())
    if m is None:
        return None
    return 1 if m["top"] else 2 if m["sub"] else 3


def plan_spans(text: str, report_year: int) -> list[tuple[int, int, int]]:
    """(start, end, year planned) of each section whose heading plans a later year (二、2026年重点工作).

    A heading of a table of contents (报告分为两大部分：一、2023年工作回顾 / 二、2024年目标任务, each line right after
    the other) opens no section: the report's own section comes later, with its text under it."""
    out: list[tuple[int, int, int]] = []
    open_at: tuple[int, int, int] | None = None  # (start, level, year) of the plan section being read
    lines = text.split("\n")
    levels = [heading_level(line) for line in lines]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    listed = set()  # lines of a table of contents: a heading next to a heading of the same rank
    for a, b in pairwise(filled):
        if levels[a] is not None and levels[a] == levels[b]:
            listed |= {a, b}
    pos = 0
    for i, line in enumerate(lines):
        level = levels[i]
        if open_at is not None and level is not None and level <= open_at[1] and i not in listed:
            out.append((open_at[0], pos, open_at[2]))
            open_at = None
        if level is not None and open_at is None and i not in listed:
            m = PLAN_HEADING_RE.search(line[:40])
            year = int(m["year"]) if m and m["year"] else report_year + 1 if m else 0
            if year > report_year:
                open_at = (pos, level, year)
        pos += len(line) + 1
    if open_at is not None:
        out.append((open_at[0], len(text), open_at[2]))
    return out
