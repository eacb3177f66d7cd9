"""Printing findings for people (grouped by file) and for programs (JSON).

On a terminal each file's findings are a rich table; otherwise (a pipe, a log file, a test)
plain lines, one per finding, with the hint indented below:

    文件“forms/单位互评_2026Q4_JG02.xlsx”
      错误 E_OUT_OF_RANGE 工作表“单位互评” 单元格 E4：“对 JG03（…）的评分”中的 101 超出范围；…
        处理方法：请改为允许范围内的数值
    共 1 个错误，0 个警告

``validate`` and ``tally`` both use :func:`print_issues`; ``validate --json`` uses
:func:`issues_json`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO

from ..core.findings import Issue
from ..core.i18n import current_lang, t
from ..core.safe_text import json_escapes

__all__ = ["group_by_file", "issues_json", "print_issues", "summary"]


def group_by_file(issues: Iterable[Issue]) -> list[tuple[str | None, list[Issue]]]:
    """Findings per file, files in first-seen order; findings about no file come last."""
    groups: dict[str | None, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(issue.file, []).append(issue)
    general = groups.pop(None, None)
    out: list[tuple[str | None, list[Issue]]] = list(groups.items())
    if general:
        out.append((None, general))
    return out


def summary(issues: Sequence[Issue], lang: str | None = None) -> str:
    errors = sum(1 for i in issues if i.is_error)
    if not issues:
        return t("out_ok", lang)
    return t("out_summary", lang, errors=errors, warnings=len(issues) - errors)


def _where(issue: Issue, lang: str) -> str:
    parts = []
    if issue.sheet:
        parts.append(t("where_sheet", lang, sheet=issue.sheet))
    if issue.cell:
        parts.append(t("where_cell", lang, cell=issue.cell))
    return " ".join(parts)


def _heading(file: str | None, lang: str) -> str:
    return t("where_file", lang, file=file) if file else t("out_overall", lang)


def _use_rich(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def print_issues(
    issues: Sequence[Issue],
    *,
    lang: str | None = None,
    stream: IO[str] | None = None,
    rich: bool | None = None,
    show_summary: bool = True,
) -> None:
    """Print ``issues`` grouped by file: a rich table on a terminal, plain lines otherwise."""
    lang = current_lang(lang)
    stream = stream or sys.stdout
    if rich is None:
        rich = _use_rich(stream)
    if rich:
        _print_rich(issues, lang, stream)
    else:
        _print_plain(issues, lang, stream)
    if show_summary:
        _write(stream, summary(issues, lang) + "\n")


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page: never crash on a typed character
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))


def _print_plain(issues: Sequence[Issue], lang: str, stream: IO[str]) -> None:
    sep = "：" if lang == "zh" else ": "
    for file, found in group_by_file(issues):
        lines = [_heading(file, lang)]
        for issue in found:
            where = _where(issue, lang)
            head = f"{t(issue.severity, lang)} {issue.code}" + (f" {where}" if where else "")
            lines.append(f"  {head}{sep}{issue.text(lang)}")
            if hint := issue.hint_text(lang):
                lines.append("    " + t("out_hint", lang, hint=hint))
        _write(stream, "\n".join(lines) + "\n")


_NARROWEST = 30  # the least width of message and hint together in a table


def _print_rich(issues: Sequence[Issue], lang: str, stream: IO[str]) -> None:
    """One table per file (plain lines when the terminal is too narrow for one).  Severity,
    code and place keep their full width; the message and the hint share the rest of the
    terminal, broken into lines by :func:`.terminal.fit`, so a code, a number or a cell is
    never split across lines."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    from .terminal import fit, raw, rich_text

    Text = rich_text  # every text escaped: control characters, rich markup
    console = Console(file=raw(stream), highlight=False, soft_wrap=False)
    headers = [
        t(k, lang) for k in ("out_col_severity", "out_col_code", "out_col_where", "out_col_message")
    ] + [t("out_col_hint", lang)]

    def widest(texts: Iterable[str], header: str) -> int:
        return max([cell_len(header), *(cell_len(x) for x in texts)])

    for file, found in group_by_file(issues):
        places = [[x for x in (issue.sheet, issue.cell) if x] for issue in found]
        fixed = [
            widest((t(i.severity, lang) for i in found), headers[0]),
            widest((i.code for i in found), headers[1]),
            widest((p for place in places for p in place), headers[2]),
        ]
        rest = console.width - sum(fixed) - 3 * len(headers) - 1
        if rest < _NARROWEST:  # a narrow terminal: lines, as in a pipe
            _print_plain(found, lang, stream)
            continue
        message_width = rest * 2 // 3
        widths = [*fixed, message_width, rest - message_width]
        table = Table(title=Text(_heading(file, lang)), title_justify="left", show_lines=True)
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, width=width, no_wrap=True, overflow="fold")
        for issue, place in zip(found, places, strict=True):
            style = "bold red" if issue.is_error else "yellow"
            table.add_row(
                Text(t(issue.severity, lang), style),
                Text(issue.code, style),
                Text("\n".join(place)),
                Text(fit(issue.text(lang), widths[3])),
                Text(fit(issue.hint_text(lang), widths[4])),
            )
        console.print(table)


def issues_json(
    issues: Sequence[Issue],
    files: Sequence[str] = (),
    lang: str | None = None,
    *,
    rater_analysis: dict | None = None,
) -> str:
    """The findings as one JSON object, messages in ``lang``: UTF-8, Chinese as characters
    (a console that cannot show them gets replacements, :func:`redflag_xlsx.cli.main`);
    control characters and bidi overrides in names stay JSON escapes."""
    errors = sum(1 for i in issues if i.is_error)
    doc = {
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(issues) - errors,
        "files": list(files),
        "issues": [i.rendered(lang) for i in issues],
    }
    if rater_analysis is not None:  # 评议分析's figures (SPEC 15)
        doc["rater_analysis"] = rater_analysis
    return json_escapes(json.dumps(doc, ensure_ascii=False, indent=2))
