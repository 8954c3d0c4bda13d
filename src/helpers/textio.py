"""Read a report file as text, detecting its encoding, and refuse what is not text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputError

# Chinese reports arrive as UTF-8 (web pages), GB18030/GBK (Windows, mainland) or Big5 (Hong Kong, Taiwan).
CANDIDATES = ("gb18030", "big5")
# A year's report is tens of kilobytes; the cap keeps memory bounded (about 60x the file) if a wrong file is fed.
MAX_REPORT_BYTES = 20 * 10**6


@dataclass(frozen=True)
class DecodedText:
    """A file's text and the encoding it was read with."""

    text: str
    encoding: str


def _wide_encoding(data: bytes) -> str:
    """UTF-32 or UTF-16 (with or without a byte-order mark) when the bytes are that, else ''."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[: min(len(data), 4096) // 2 * 2]
    if len(head) < 32 or b"\x00" not in head:
        return ""
    # Without a mark: the digits and line ends of a report put NUL bytes in UTF-16, and it decodes cleanly.
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            decoded = head.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
        if "\x00" not in decoded and printable > 0.95 * len(decoded):
            return "UTF-16 (without a byte-order mark)"
    return ""


def decode_report(data: bytes, where: str | Path) -> DecodedText:
    """Decode report bytes (UTF-8, UTF-8 with BOM, GB18030/GBK, Big5); raise InputError for anything else."""
    wide = _wide_encoding(data)
    if wide:
        raise InputError(where, f"is {wide}; save it as UTF-8 (or GBK/Big5) and try again")
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(where, f"looks binary (a NUL byte at byte {at}); a report must be a plain-text file")
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(_strict(data[3:], "utf-8", where), "utf-8-sig")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed:  # decoded as one encoding, the other part would become mojibake without a word
        raise InputError(
            where, f"mixes encodings: line {mixed[0]} is UTF-8, line {mixed[1]} is not; save the whole file in one"
        )
    decodable = []
    for enc in CANDIDATES:
        try:
            decodable.append((enc, data.decode(enc)))
        except UnicodeDecodeError:
            continue
    if not decodable:
        raise InputError(where, "is not UTF-8, GB18030/GBK or Big5 text; check the file's encoding")
    if len(decodable) == 1:
        return DecodedText(decodable[0][1], decodable[0][0])
    # Both decode: let charset-normalizer judge which reading is coherent Chinese.
    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    chosen = "big5" if best is not None and best.encoding == "big5" else "gb18030"
    return DecodedText(dict(decodable)[chosen], chosen)


def _mixed_lines(data: bytes) -> tuple[int, int] | None:
    """(a line that is UTF-8 Chinese, a line that is not UTF-8), when a file holds both; else None."""
    utf8 = other = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue  # ASCII reads the same in every encoding
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            if sum(ord(ch) > 0x2E80 for ch in text) >= 3:  # a few GBK bytes may pass as UTF-8 by chance, not a line
                utf8 = utf8 or number
    return (utf8, other) if utf8 and other else None


def _strict(data: bytes, encoding: str, where: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"is not valid {encoding} at byte {exc.start}") from exc


def read_report(path: Path) -> DecodedText:
    """Read and decode one report file; an empty one gives empty text (extraction warns about it)."""
    from .guards import read_capped

    data = read_capped(Path(path), MAX_REPORT_BYTES, "report")  # a pipe or /dev/zero is refused, not read forever
    if not data.strip():
        return DecodedText("", "empty")  # not an error: extraction warns and yields an empty table
    return decode_report(data, path)
