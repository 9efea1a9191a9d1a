"""Telling Shift_JIS, EUC-KR and GB18030 files apart, even short ones.

A general detector guesses from byte statistics and needs kilobytes (on a
520-byte Shift_JIS CSV charset-normalizer answers cp949). An address book
is short but says plainly what it is once decoded: Japanese has kana,
Korean is nearly all Hangul, Chinese is characters of the common GB2312 set.
Each test is tried on a strict decoding; Windows-1252 text fails all three.
"""

from __future__ import annotations

import re

_KANA = re.compile("[\u3040-\u30ff]")
_JAPANESE = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef\u3400-\u4dbf]")
_HANGUL = re.compile("[\uac00-\ud7a3\u3130-\u318f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Punctuation every CJK script writes: not evidence for any one of them.
_SHARED = re.compile("[\u3000-\u303f\uff01-\uff20\u00b7\u2010-\u203f]")
SHARE = 0.9  # of the other non-ASCII characters: what a real file of the script reaches


def detect_east_asian(data: bytes) -> tuple[str, str, str] | None:
    """(text, encoding shown, codec) for a Shift_JIS, EUC-KR or GB18030 file; else None."""
    text = _strict(data, "cp932")
    if text is not None and _KANA.search(text) and \
            _share(text, _JAPANESE) >= SHARE:
        return text, "Shift_JIS", "cp932"
    for codec in ("euc_kr", "cp949"):  # cp949 (UHC) adds Hangul beyond EUC-KR's 2,350
        text = _strict(data, codec)
        if text is not None and _share(text, _HANGUL) >= SHARE:
            return text, "EUC-KR", codec
    text = _strict(data, "gb18030")
    if text is not None and _share(text, None) >= SHARE:
        return text, "GB18030", "gb18030"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _share(text: str, script: re.Pattern[str] | None) -> float:
    """The share of non-ASCII characters (shared punctuation aside) in ``script``;
    None: in GB2312, the common simplified Chinese set."""
    letters = [ch for ch in _NON_ASCII.findall(text) if not _SHARED.match(ch)]
    if not letters:
        return 0.0
    if script is None:
        hits = sum(1 for ch in letters if _in_gb2312(ch) and "\u4e00" <= ch <= "\u9fff")
    else:
        hits = sum(1 for ch in letters if script.match(ch))
    return hits / len(letters)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
