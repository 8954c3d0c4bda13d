"""Clean a report's text in code: pinyin notes, encoding damage, punctuation, credit lines, script."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import opencc
import regex

from .corrections import Correction, apply_corrections
from .garble import describe, find_garbles
from .headings import heading_level
from .numbers import to_halfwidth
from .repairs import Repair

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin reading in brackets right after a character: 擔(dān). Needs a tone mark, so real brackets
# such as 村(社區) or (APP) are never touched.
PINYIN_RE = re.compile(rf"(?<=[{CJK}])[(（]([a-zü]*[{TONED}][a-zü]*)[)）]")
AUTHOR_RE = re.compile(rf"^[{CJK}·]{{2,5}}$")
AFFILIATION_RE = re.compile(r"[(（]\s*作者(?:单位|單位)\s*[:：]\s*(?P<who>[^()（）]+?)\s*[)）]")
EDITOR_RE = re.compile(r"^(?:责任编辑|責任編輯|编辑|編輯)\s*[/／:：]\s*(?P<who>.*)$")
_PUNCT = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
THOUSANDS_RE = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_SPACES_RE = re.compile(r"[ \t\u00a0\u3000]+")
# A chart's caption left between paragraphs by a web page: 图2 2018-2022年全市生产总值, standing between spaces.
CAPTION_RE = re.compile(
    r"(?<=[ \t\u00a0\u3000])(?:图\s*\d+\s*)?(?:19|20)\d{2}\s*[-—–~～至]\s*(?:19|20)\d{2}年(?:末|底)?"
    r"[^，。；！？,;:：\s\d]{2,30}(?=[ \t\u00a0\u3000])"
)


@dataclass(frozen=True)
class CleanedReport:
    """A cleaned report: body text as published (script unchanged), its Simplified form, metadata, log."""

    text: str
    simplified: str
    metadata: dict[str, str] = field(default_factory=dict)
    repairs: tuple[Repair, ...] = ()


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified Chinese character by character (OpenCC `t2s`)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Convert Simplified to Traditional Chinese (OpenCC `s2tw`: the standard forms readers use, 為/裡/核, where
    `s2t` gives the historical 爲/裏/覈)."""
    return _converter("s2tw").convert(text)


# Characters a web page hides inside words and numbers (2\u200b07名 is 207名, not 7): every format character
# (zero-width, bidi marks and embeddings, soft hyphen, BOM), variation selectors, the grapheme joiner and control
# characters (a terminal would run ESC sequences that reach a subject printed by `indicators link`).
# Unicode spaces other than the ideographic one are plain spaces, and so is an ideographic space between digits
# (12\u2009000 and 12\u3000000 read as 12 000); elsewhere it stays (it indents paragraphs).
INVISIBLE_RE = regex.compile(
    r"[\p{Cf}\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef\x00-\x08\x0e-\x1b\x7f-\x9f]|[^\S \n\t\u3000]|(?<=\d)\u3000(?=\d)"
)


def _visible(char: str) -> str:
    return " " if char.isspace() else ""


def strip_invisible(text: str) -> tuple[str, list[Repair]]:
    """Remove invisible characters and make Unicode spaces plain spaces (see INVISIBLE_RE)."""
    repairs = [
        Repair("spaces", "repaired", m.start(), m.group(0), _visible(m.group(0)), "invisible character")
        for m in INVISIBLE_RE.finditer(text)
    ]
    return INVISIBLE_RE.sub(lambda m: _visible(m.group(0)), text), repairs


def strip_pinyin(text: str) -> tuple[str, list[Repair]]:
    """Remove bracketed pinyin readings that follow a character."""
    repairs = [
        Repair("pinyin", "repaired", m.start(), m.group(0), "", "pinyin reading after a character")
        for m in PINYIN_RE.finditer(text)
    ]
    return PINYIN_RE.sub("", text), repairs


def flag_garbles(text: str) -> list[Repair]:
    """Flag runs that are GBK read one byte out of step (the corrections file may resolve them)."""
    return [Repair("garble", "flagged", g.start, g.text, f"?{g.recovered}?", describe(g)) for g in find_garbles(text)]


def split_metadata(text: str, author: str = "") -> tuple[str, dict[str, str], list[Repair]]:
    """Move the author line, the (作者单位:...) note and the editor credit out of the body.

    The first line is the author's only when it is the name the manifest gives (`author`): a short first
    line such as 工作总结 is a title, not a person.
    """
    meta: dict[str, str] = {}
    repairs: list[Repair] = []
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    first = lines[0].strip() if lines else ""
    if len(lines) > 1 and author and AUTHOR_RE.match(first) and to_simplified(first) == to_simplified(author.strip()):
        meta["author"] = lines[0].strip()
        repairs.append(Repair("metadata", "repaired", 0, lines[0], "", "author line moved to metadata"))
        lines.pop(0)
    kept = []
    for line in lines:
        m = EDITOR_RE.match(line.strip())
        if m:
            who = m["who"]
            name = re.sub(r"[\s?\ufffd]", "", who)
            meta["editor"] = name
            status, note = "repaired", "editor credit moved to metadata"
            if "?" in who or "\ufffd" in who:
                status, note = "flagged", f"editor credit moved to metadata; lost characters ('?') dropped: {name}"
            repairs.append(Repair("metadata", status, text.find(line), line, "", note))
            continue
        kept.append(line)
    body = "\n".join(kept)
    m = AFFILIATION_RE.search(body)
    if m:
        meta["affiliation"] = m["who"].strip()
        repairs.append(Repair("metadata", "repaired", m.start(), m.group(0), "", "author's unit moved to metadata"))
        body = body[: m.start()] + body[m.end() :]
    return body.strip("\n") + "\n", meta, repairs


def normalize_punctuation(text: str) -> tuple[str, list[Repair]]:
    """Restore full-width punctuation and half-width digits; drop stray spaces between Chinese words."""
    repairs: list[Repair] = []
    out = []
    for i, ch in enumerate(text):
        if ch in _PUNCT:
            prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
            if ch in ",:" and prev.isdigit() and nxt.isdigit():
                out.append(ch)  # 12,000 and 10:30 keep their ASCII separators
                continue
            if ch == "?" and nxt and nxt not in '\n”’"':
                repairs.append(
                    Repair("punctuation", "flagged", i, ch, "？", "question mark inside a sentence: a lost character?")
                )
            out.append(_PUNCT[ch])
        else:
            out.append(ch)
    text2 = "".join(out)
    half = to_halfwidth(text2)
    if half != text2:
        repairs.append(Repair("digits", "repaired", 0, "", "", "full-width digits turned to ASCII digits"))
    # １２，０００: a full-width comma between groups of three digits separates thousands.
    half, n = THOUSANDS_RE.subn(",", half)
    if n:
        repairs.append(Repair("digits", "repaired", 0, "", "", f"{n} full-width thousands separators made ASCII"))

    caption_edges = {edge for c in CAPTION_RE.finditer(half) for edge in c.span()}

    def _space(m: re.Match[str]) -> str:
        a, b = half[m.start() - 1 : m.start()], half[m.end() : m.end() + 1]
        if m.start() in caption_edges or m.end() in caption_edges:
            repairs.append(
                Repair("spaces", "repaired", m.start(), m.group(0), "\n", "line break around a chart caption")
            )
            return "\n"  # 2018-2022年全市生产总值 年末全市常住人口…: the caption is not the figure's subject
        if (a.isascii() and a.isalpha()) or (b.isascii() and b.isalpha()) or (a.isdigit() and b.isdigit()):
            return m.group(0)  # spaces around Latin words, and between two numbers, are meant
        if a != "\n" and b not in ("\n", ""):
            repairs.append(Repair("spaces", "repaired", m.start(), m.group(0), "", "stray space removed"))
        return ""

    return _SPACES_RE.sub(_space, half), repairs


# A line that holds only a number, a sign, a quotation mark or a Latin word: a web page's markup split the sentence
# there when it was copied (增速分别为\n-4.5%\n、\n-2.6%), one span per line.
FRAGMENT_RE = re.compile(r"^[\d.,%‰+\-−、，：；“”‘’（）()A-Za-z·/ ]{1,12}$")
SENTENCE_END = "。！？"


# A sentence wrapped inside a figure: 同比增\n长6.0% (the verb split from its number), 增长1.6\n% (the unit alone).
_WRAP_BEFORE_RE = re.compile(r"(?:增|长|降|为|达|占|比上年|较上年|同比)$")
_WRAP_AFTER_RE = re.compile(r"^(?:[%‰％]|[\u4e00-\u9fff]?[-−]?\d)")


def _wrapped(prev: str, line: str) -> bool:
    """Whether a line break falls inside a figure (between its verb and number, or its number and unit)."""
    starts_with_unit = line.lstrip()[:1] in "%‰％" and prev.rstrip()[-1:].isdigit()
    return starts_with_unit or bool(_WRAP_BEFORE_RE.search(prev.rstrip()) and _WRAP_AFTER_RE.match(line.lstrip()))


def _table_lines(lines: list[str]) -> set[int]:
    """Lines of a table copied one cell per line: from a header of two or more column names with their units
    (绝对额（万元） / 同比增长（%）, each on its own line) on, while the lines are short and end no sentence."""
    from .printed_tables import ONE_COLUMN_RE

    out: set[int] = set()
    i = 0
    while i + 1 < len(lines):
        if ONE_COLUMN_RE.fullmatch(lines[i].strip()) and ONE_COLUMN_RE.fullmatch(lines[i + 1].strip()):
            j = i
            while j < len(lines) and len(lines[j].strip()) <= 30 and not set(lines[j]) & set(SENTENCE_END):
                out.add(j)
                j += 1
            i = j
        i += 1
    return out


def join_fragments(text: str) -> tuple[str, list[Repair]]:
    """Join the lines of a sentence that a copied web page broke at every number or quotation mark."""
    lines = text.split("\n")
    out: list[str] = []
    repairs: list[Repair] = []
    pos, glue = 0, False  # glue: the line before was a fragment, so this line continues its sentence
    in_table = _table_lines(lines)
    for i, line in enumerate(lines):
        if i in in_table:  # a table copied one cell per line: its numbers are cells, not parts of a sentence
            out.append(line)
            glue = False
            pos += len(line) + 1
            continue
        fragment = FRAGMENT_RE.match(line) is not None
        prev = out[-1] if out else ""
        after_heading = bool(prev.strip()) and heading_level(prev) is not None
        open_prev = bool(prev.strip()) and prev[-1] not in SENTENCE_END and not after_heading
        if line.strip() and ((fragment and open_prev) or glue or (open_prev and _wrapped(prev, line))):
            repairs.append(Repair("lines", "repaired", pos - 1, "\n", "", "line break inside a sentence joined"))
            out[-1] += line
        else:
            out.append(line)
        # a lone page number after a finished sentence starts nothing; a fragment after a heading does (2\n020\n年是)
        glue = fragment and (open_prev or glue or after_heading or not line.strip().isdigit())
        pos += len(line) + 1
    return "\n".join(out), repairs


def clean_text(
    raw: str, corrections: list[Correction] | None = None, where: str | Path = "", author: str = ""
) -> CleanedReport:
    """Run every cleaning step on a raw report text and return the cleaned report with its repair log.

    `author` is the manifest's author: a first line with that name is a credit, moved to the metadata.
    """
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    garbles = flag_garbles(text)
    text, corrected, spans = apply_corrections(text, corrections or [], where)
    repairs: list[Repair] = []
    for g in garbles:
        fix = next((c for s, e, c in spans if s < g.position + len(g.before) and g.position < e), None)
        if fix is not None:
            g = Repair(g.step, "corrected", g.position, g.before, fix.replacement, f"{g.note}; fixed by row {fix.row}")
        repairs.append(g)
    repairs += corrected
    for step in (strip_pinyin, strip_invisible):
        text, logged = step(text)
        repairs += logged
    text, meta, logged = split_metadata(text, author)
    repairs += logged
    text, logged = normalize_punctuation(text)
    repairs += logged
    text, logged = join_fragments(text)
    repairs += logged
    for i, ch in enumerate(text):
        if ch == "\ufffd":
            repairs.append(Repair("encoding", "flagged", i, ch, "", "replacement character: bytes lost upstream"))
    simplified = to_simplified(text)
    changed = sum(a != b for a, b in zip(text, simplified, strict=False))
    if changed:
        note = f"OpenCC t2s changed {changed} characters to Simplified"
        repairs.append(Repair("script", "repaired", 0, "", "", note))
    return CleanedReport(text=text, simplified=simplified, metadata=meta, repairs=tuple(repairs))
