"""Text from outside (file names, cell text, command-line words) made safe to show and store.

* :func:`display_name` -- a file name that is not valid UTF-8 reaches Python with the bytes it
  cannot decode as lone surrogates (``surrogateescape``); no file format and no database can
  hold those.  They are shown as ``\\xff`` instead, everything else unchanged.
* :func:`terminal_text` -- also escapes control characters (an ESC starting a terminal escape
  sequence, a carriage return that overwrites the line, a bell) and the bidirectional overrides
  that reorder what a terminal shows, so no text from a file can act on the terminal.

Both are pure functions of the text; the command line applies :func:`terminal_text` to
everything it prints.
"""

from __future__ import annotations

import re

__all__ = ["display_name", "terminal_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def display_name(text: str) -> str:
    """``text`` with undecodable bytes (lone surrogates) written as ``\\xNN``."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def json_escapes(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with every character
    :func:`terminal_text` would escape written as a JSON ``\\uXXXX`` escape instead: the
    Chinese stays readable, the JSON stays valid and the terminal safe."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE.search(text) else text


def terminal_text(text: str) -> str:
    """``text`` with control characters, bidi overrides and undecodable bytes escaped; newlines
    are kept."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text
