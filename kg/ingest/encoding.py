"""Bytes → text for the encodings Chinese documents come in.

Order of evidence: a byte-order mark, then strict UTF-8 (valid multi-byte
UTF-8 is almost never accidental), then GB18030 and Big5. GB18030 decodes
nearly any byte string, so the two legacy candidates are compared by
plausibility: the share of characters that are common Chinese characters
(GB2312 level 1 for Simplified, Big5 level 1 for Traditional) or CJK
punctuation. Text is never converted between Simplified and Traditional.
"""

from __future__ import annotations

import codecs
import contextlib
from dataclasses import dataclass
from functools import cache

from kg.ingest.errors import IngestError

#: A legacy decoding must have at least this share of plausible characters.
MIN_PLAUSIBILITY = 0.6
_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v", "\x1a"}  # \x1a: DOS end-of-file marker


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to "\n", no BOM
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"
    replaced: int = 0  # undecodable byte sequences replaced by U+FFFD (a damaged but usable file)


@cache
def _common_chars() -> frozenset[str]:
    """Frequent Simplified and Traditional characters plus CJK/full-width punctuation."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: the 3755 most frequent hanzi
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):  # Big5 level 1 (A440-C67E): 5401 frequent characters
        for trail in (*range(0x40, 0x7F), *(range(0xA1, 0xFF) if lead < 0xC6 else ())):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    chars.update("，。、；：？！“”‘’《》〈〉（）【】〔〕「」『』…—·－～　")
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII forms
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common in Chinese text (1.0 for pure ASCII)."""
    common = _common_chars()
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    return sum(c in common for c in wide) / len(wide)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if c < " " and c not in _CONTROL_OK)
    return "\x00" in text or controls > max(2, len(text) // 200)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 files without a BOM show NUL bytes in every other position for ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) > len(zeros) * 0.3:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes, or raise IngestError saying why it is not text."""
    if not data:
        raise IngestError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as e:
            raise IngestError(f"starts with a UTF-8 byte-order mark but is not valid UTF-8 ({e.reason})") from e
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(enc), "utf-16")
            except UnicodeDecodeError as e:
                raise IngestError(f"starts with a UTF-16 byte-order mark but is not valid UTF-16 ({e.reason})") from e
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(utf16, "utf-16")
        raise IngestError("not a text file (binary content)")
    candidates: list[tuple[float, int, str, str]] = []
    for rank, (codec, name) in enumerate((("gb18030", "gb18030"), ("cp950", "big5"), ("big5hkscs", "big5"))):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), -rank, text, name))
    if candidates:
        score, _, text, name = max(candidates)
        if score >= MIN_PLAUSIBILITY and not _looks_binary(text):
            return _checked(text, name)
    # A few damaged bytes (a file cut mid-character, a stray byte) should not lose the whole text.
    for codec, name in (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("cp950", "big5")):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(2, len(text) // 1000) and plausibility(text) >= MIN_PLAUSIBILITY and not _looks_binary(text):
            return _checked(text, name, replaced=bad)
    raise IngestError("cannot decode the text: it is not UTF-8, GB18030 or Big5 (binary or corrupt file?)")


def _checked(text: str, encoding: str, replaced: int = 0) -> Decoded:
    text = _normalise(text)
    if _looks_binary(text):
        raise IngestError("not a text file (binary content)")
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    return Decoded(text, encoding, replaced)
