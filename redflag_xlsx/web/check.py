"""What runs in a child process for the intake page (:mod:`.isolate`): one upload checked,
and the returns table of the inbox.  No web library here: ``workflow.assess``, the returns and
``annotate`` as the command line uses them, so an upload gets exactly the findings ``validate``
gives for that file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.findings import Issue
from ..intake.annotate import annotate
from ..returns import Returns, read_returns, returns_of
from ..workflow import assess
from .quarter import Quarter

__all__ = ["check_upload", "read_status"]


def check_upload(path: str, quarter: Quarter, lang: str, annotate_dir: str) -> dict[str, Any]:
    """Check the one file at ``path`` (named as the uploader named it) against ``quarter``.

    Returns ``accepted`` (a form of this quarter: it is stored, findings or not), its ``kind``
    and ``rater``, its ``issues`` (rendered in ``lang``) and the ``annotated`` copy's path,
    written into ``annotate_dir`` when an accepted form has findings.  Runs in a child
    process: it changes the working folder to the file's, so that findings name the file as
    the uploader does."""
    folder, name = os.path.split(path)
    os.chdir(folder)
    try:
        found = assess(
            [name],
            period=quarter.period,
            roster=quarter.roster,
            rules=quarter.rules,
            history_path=quarter.history,
            use_history=quarter.history is not None,
            key=quarter.key,
        )
    except InputError:  # a roster or a results workbook: no form at all
        issue = Issue.make("E_NOT_A_TEMPLATE", file=name)
        return {"accepted": False, "kind": "", "rater": "", "issues": [issue.rendered(lang)]}
    sub, findings = found.submission, found.findings()
    returns = returns_of(sub, findings, quarter.rules, quarter.layout)
    mine = [i for i in findings if i.file == name]
    refused = name not in sub.kinds or any(
        o.file == name and o.reason == "not_this_quarter" for o in returns.others
    )
    kind, rater = sub.kinds.get(name, ("", ""))
    annotated = None
    if mine and not refused:
        written = annotate(mine, annotate_dir, lang=lang)
        annotated = str(Path(written[0]).resolve()) if written else None
    return {
        "accepted": not refused,
        "kind": kind,
        "rater": rater,
        "issues": [i.rendered(lang) for i in mine],
        "annotated": annotated,
    }


def read_status(files: list[str], quarter: Quarter) -> Returns:
    """The returns table of ``files`` (the inbox's current uploads)."""
    return read_returns(
        files,
        roster=quarter.roster,
        period=quarter.period,
        rules=quarter.rules,
        key=quarter.key,
        layout=quarter.layout,
        history_path=quarter.history,
        use_history=quarter.history is not None,
    )
