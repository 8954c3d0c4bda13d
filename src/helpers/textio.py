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


def decode_report(data: bytes, where: str | Path) -> DecodedText:
    """Decode report bytes (UTF-8, UTF-8 with BOM, GB18030/GBK, Big5); raise InputError for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, "is UTF-16; save it as UTF-8 (or GBK/Big5) and try again")
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(where, f"looks binary (a NUL byte at byte {at}); a report must be a plain-text file")
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(_strict(data[3:], "utf-8", where), "utf-8-sig")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
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
