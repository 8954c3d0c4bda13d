"""Find runs of GBK text that were decoded one byte out of step, and recover what can be proven."""

from __future__ import annotations

import re
from dataclasses import dataclass

# '?' stands where a decoder met bytes it could not map; a garbled run sits between two of them.
_RUN = re.compile(r"\?([^\x00-\x20?\"'“”‘’a-zA-Z0-9]{1,16}?)\?")
_ASCII_TO_FULL = str.maketrans("!,.:;()", "！，．：；（）")


@dataclass(frozen=True)
class Garble:
    """A garbled run: where it is, what it says, and what shifting it by one byte recovers."""

    start: int
    end: int
    text: str
    recovered: str
    lost_trail: int
    lost_lead: int | None


def _is_common(ch: str) -> bool:
    """True for GB2312 symbols (rows A1-A9) and level-1 hanzi, the characters ordinary prose uses."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and (0xA1 <= b[0] <= 0xA9 or 0xB0 <= b[0] <= 0xD7)


def shift_decode(inner: str) -> tuple[str, int, int | None] | None:
    """Re-encode `inner` as GBK, drop its first byte and decode again; None if that is not clean text."""
    try:
        data = inner.translate(_ASCII_TO_FULL).encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(data) < 3:
        return None
    lost_trail, shifted = data[0], data[1:]
    lost_lead = None
    if len(shifted) % 2:
        lost_lead, shifted = shifted[-1], shifted[:-1]
    try:
        recovered = shifted.decode("gbk")
    except UnicodeDecodeError:
        return None
    if not recovered or not all(_is_common(ch) for ch in recovered):
        return None
    return recovered, lost_trail, lost_lead


def find_garbles(text: str) -> list[Garble]:
    """Return every run between two '?' that reads as clean GBK once shifted by one byte."""
    found = []
    for m in _RUN.finditer(text):
        inner = m.group(1)
        if all(_is_common(ch) for ch in inner.translate(_ASCII_TO_FULL)):
            continue  # ordinary text between two question marks
        shifted = shift_decode(inner)
        if shifted is not None:
            found.append(Garble(m.start(), m.end(), m.group(0), *shifted))
    return found


def describe(g: Garble) -> str:
    """One sentence for the repair log."""
    tail = f"; the next character starts with byte 0x{g.lost_lead:02X}" if g.lost_lead is not None else ""
    return (
        f"GBK bytes read one byte out of step: shifting recovers '{g.recovered}'; "
        f"the character before it ends with byte 0x{g.lost_trail:02X}{tail}; "
        "those bytes are lost, so a person must restore them in the corrections file"
    )
