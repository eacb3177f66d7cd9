"""The project's exceptions: one base, categories that also inherit a builtin.

Data problems found in filled workbooks are *not* exceptions: they are collected as
:class:`redflag_xlsx.models.Issue` findings.  Exceptions are raised only when a run cannot go on.
"""

from __future__ import annotations

from .messages import Joined, Msg


class RedflagError(Exception):
    """Base of every error this package raises on purpose.

    Its message is a :class:`~redflag_xlsx.core.messages.Msg` (rendered by the edge in the user's
    language with :meth:`text`) or, from code outside the catalog, plain text."""

    exit_code = 1

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: ``REDFLAG_LANG``, else Chinese)."""
        message = self.args[0] if self.args else ""
        return message.render(lang) if isinstance(message, Msg | Joined) else str(message)

    def __str__(self) -> str:
        return self.text()


class ConfigError(RedflagError, ValueError):
    """A rules file, roster or period given by the user is invalid (the message names the key)."""


class UsageError(RedflagError, ValueError):
    """The command line was used wrongly (exit code 2)."""

    exit_code = 2


class InputError(RedflagError, ValueError):
    """Input files cannot be processed at all (the findings are attached)."""

    def __init__(self, message: str | Msg, issues: list | None = None) -> None:
        super().__init__(message)
        self.issues = list(issues or [])


class OutputError(RedflagError, OSError):
    """An output file cannot be written (on Windows usually: the file is open in Excel)."""


def os_reason(exc: OSError) -> str:
    """What the operating system said (``Permission denied``), else the error's type name: the
    ``detail`` of a message about a file that cannot be read or written."""
    return exc.strerror or type(exc).__name__
