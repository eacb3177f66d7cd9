"""What the command line writes to the terminal is safe to show, and a closed pipe is no crash
(SPEC 8, "Terminal and charts").

:func:`safe_streams` wraps ``sys.stdout`` and ``sys.stderr`` for the length of a command:

* every text written is passed through :func:`~redflag_xlsx.core.safe_text.terminal_text`, so
  a file called ``\\x1b]0;pwned\\x07.xlsx`` or a unit name with a carriage return is shown with
  its control characters escaped, never acted on by the terminal;
* a write to a closed pipe (``validate … | head -1``) raises :class:`StdoutClosed`, which the
  command's error handler turns into a quiet exit 0 (Python's advice: point ``stdout`` at
  ``os.devnull`` so that the interpreter's final flush cannot fail again).

rich writes its own escape sequences (colours, the progress bar): rich consoles are given the
unwrapped stream (:func:`raw`), and the texts put into rich tables are escaped first
(:func:`rich_text`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import unicodedata

from ..core.safe_text import terminal_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the top-level --help)
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator
    from typing import IO, Any

__all__ = [
    "SafeStream",
    "StdoutClosed",
    "cell_len",
    "fit",
    "quiet_stdout",
    "raw",
    "rich_text",
    "safe_streams",
    "tolerant_streams",
]

_CLOSED = {errno.EPIPE, errno.EINVAL}  # EINVAL: a closed pipe on Windows


class StdoutClosed(Exception):
    """The reader of our standard output went away (``| head``): stop quietly."""


def _closed(exc: OSError) -> bool:
    return isinstance(exc, BrokenPipeError) or exc.errno in _CLOSED


class SafeStream(io.TextIOBase):
    """A text stream that escapes control characters and reports a closed pipe as
    :class:`StdoutClosed`; everything else is the wrapped stream's."""

    def __init__(self, inner: IO[str]) -> None:
        self.inner = inner

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None) or "replace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return self.inner.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    def fileno(self) -> int:
        return self.inner.fileno()

    def write(self, text: str) -> int:
        shown = terminal_text(text)
        try:
            self.inner.write(shown)
        except UnicodeEncodeError:  # a legacy console code page: never crash on a character
            encoding = self.encoding
            self.inner.write(shown.encode(encoding, "replace").decode(encoding))
        except OSError as exc:
            if _closed(exc):
                raise StdoutClosed from None
            raise
        return len(text)

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            if _closed(exc):
                raise StdoutClosed from None
            raise
        except ValueError:  # flushing a closed file
            pass


def raw(stream: IO[str] | Any) -> IO[str]:
    """The stream under a :class:`SafeStream` (for rich, which writes its own escapes)."""
    return stream.inner if isinstance(stream, SafeStream) else stream


def rich_text(text: object, style: str | None = None) -> Any:
    """A rich ``Text`` of ``text`` with control characters escaped and no markup parsed."""
    from rich.text import Text

    return Text(terminal_text(str(text)), style=style or "")


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` as :class:`SafeStream` while the block runs."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, SafeStream) and sys.stdout is not None:
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream) and sys.stderr is not None:
        sys.stderr = SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def tolerant_streams() -> None:
    """Never crash on a character the console's code page lacks (a Windows console or a
    redirected output in GBK, say): print a replacement instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


def quiet_stdout(stream: IO[str] | Any) -> None:
    """After :class:`StdoutClosed`: what is still buffered and any later output go nowhere
    (Python's documented way: ``os.devnull`` over the standard output's descriptor).  A stream
    without a descriptor of its own (a test's) is left alone."""
    inner = raw(stream)
    try:
        fd = inner.fileno()
    except (AttributeError, ValueError, OSError):
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:  # pragma: no cover
        pass


# a run that must stay on one line: a code (E_SELF_RATING, JG03), a number (101, 98.5%),
# a cell (E4), a file name; CJK characters and spaces are where a line may break
_UNBROKEN = r"[A-Za-z0-9_.%+\-/\\:!@#()<>=\[\]{},;'\"*?&|~`^$]+"


_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)]")  # hangs at the end of the line instead


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide and full-width characters two, combining
    marks none, others one.  The measure rich uses for its tables (``rich.cells.cell_len``),
    without importing rich, so that ``--help`` stays light (tests/test_package.py)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def fit(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` terminal cells, between CJK characters
    or at spaces, never inside a code, a number or a file name (unless one is longer than a
    whole line, which is then cut where it must); closing punctuation never starts a line (it
    hangs one cell past the end instead)."""
    import re

    width = max(width, 1)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for token in re.findall(_UNBROKEN + r"|\s+|.", paragraph):
            size = cell_len(token)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if used + size > width and line.strip() and token not in _NO_LINE_START:
                out.append(line.rstrip())
                line, used = "", 0
            while size > width:  # longer than a line: cut it
                cut = 0
                while cell_len(token[: cut + 1]) <= width - used:
                    cut += 1
                out.append(line + token[:cut])
                line, used, token = "", 0, token[cut:]
                size = cell_len(token)
            line, used = line + token, used + size
        out.append(line.rstrip())
    return "\n".join(out)
