"""``history --export ledger.xlsx``: the whole ledger as a formatted workbook (xlsxwriter).

Sheets: 历史汇总 (one row per unit: quarters, wins, streaks, and each quarter's total with the
winners in red; imported quarters show ★), 季度明细 (every unit of every quarter), 奖励分 (the
reward points and bonuses per unit, 承包单位 and year, for the bureau's annual contractor
assessment), 重新招投标优先权 (the contractors holding one: earned when, still valid until marked
used), 统计记录 (one row per tally: when, winners, the leaders' decisions, fingerprints),
导入记录 (the earlier winners entered with history --import) and 输入文件 (each tally's input
files and their SHA-256).  Title rows and header row follow :mod:`layout` (title, info, header,
data).  Unit names are always written as text.  The file is written under a temporary name and
renamed into place; the same ledger gives the same workbook (its creation date is the latest
tally's).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import OutputError, UsageError, os_reason
from ..core.i18n import current_lang, t
from ..core.messages import Msg
from ..xlsx import layout
from ..xlsx.files import same_file
from ..xlsx.writing import CELL_STYLE, PLAIN_TEXT_OPTIONS, TEXT_STYLES, text_width, write_workbook
from .earlier import ImportedPeriod, PriorityHolding
from .store import Ledger, PeriodInfo, UnitRecord, UnitSummary

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = ["export_ledger"]

_FLAG_FILL = "#C00000"  # a won quarter: white on red
_FLAG_ROW_FILL = "#FCE4E4"
_TIE_FILL = "#FFEB9C"
_MAX_WIDTH = 66  # a SHA-256 in hex fits


@dataclass(frozen=True)
class _Col:
    header_key: str
    kind: str  # "text" | "int" | "num" (0.00) | "rate" | "gen" (General) | "date" | "period"
    value: Callable[[Any], Any]


def export_ledger(
    ledger: Ledger, path: str | Path, *, force: bool = False, lang: str | None = None
) -> Path:
    """Write the ledger to ``path`` (xlsx); an existing file is replaced only with ``force``
    (otherwise :class:`UsageError`, also when another run takes the name first), and the ledger
    itself never (SPEC 8: nothing lost)."""
    lang = current_lang(lang)
    target = Path(path)
    if same_file(target, ledger.path):
        raise UsageError(Msg("hist_export_is_ledger", file=target))
    if target.exists() and not force:
        raise UsageError(Msg("hist_export_exists", file=target))
    periods = ledger.periods()
    book = _Book(ledger, periods, ledger.units_summary(), ledger.records(), lang)
    book.imported = ledger.imported_periods()
    book.holdings = ledger.priority_holdings()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(t("hist_export_failed", lang, file=target, detail=detail)) from None
    try:
        return write_workbook(
            target,
            book.build,
            options=PLAIN_TEXT_OPTIONS,
            error_key="hist_export_failed",
            lang=lang,
            replace=force,
        )
    except FileExistsError:
        raise UsageError(Msg("hist_export_exists", file=target)) from None


def _text(value: Any, lang: str) -> str:
    return value if isinstance(value, str) else value.render(lang)


def _local(iso: str) -> _dt.datetime:
    """A stored UTC time as the local wall-clock time a spreadsheet shows (no time zone)."""
    return _dt.datetime.fromisoformat(iso).astimezone().replace(tzinfo=None)


class _Book:
    def __init__(
        self,
        ledger: Ledger,
        periods: list[PeriodInfo],
        units: list[UnitSummary],
        records: list[UnitRecord],
        lang: str,
    ) -> None:
        self.ledger = ledger
        self.periods = periods
        self.by_period = {p.period: p for p in periods}
        self.units = units
        self.records = records
        self.lang = lang
        self.names = {(r.period, r.unit): r.name for r in records}
        self.latest_name = {r.unit: r.name for r in records}  # records are in period order
        self.imported: list[ImportedPeriod] = []
        self.holdings: list[PriorityHolding] = []

    def build(self, wb: Workbook) -> None:
        lang = self.lang
        cell = CELL_STYLE
        specs: dict[str, dict[str, Any]] = {k: TEXT_STYLES[k] for k in ("title", "info", "header")}
        for row_kind, extra in (("", {}), ("win_", {"bg_color": _FLAG_ROW_FILL})):
            specs[f"{row_kind}text"] = {**cell, **extra}
            specs[f"{row_kind}int"] = {**cell, **extra, "align": "center", "num_format": "0"}
            specs[f"{row_kind}num"] = {**cell, **extra, "num_format": "0.00"}
            specs[f"{row_kind}rate"] = {**cell, **extra, "num_format": "0.0##"}
            specs[f"{row_kind}gen"] = {**cell, **extra}
            specs[f"{row_kind}date"] = {**cell, **extra, "num_format": "yyyy-mm-dd hh:mm"}
            specs[f"{row_kind}period"] = {**cell, **extra, "align": "center"}
        specs["flag"] = {
            **cell,
            "num_format": "0.00",
            "bold": True,
            "font_color": "#FFFFFF",
            "bg_color": _FLAG_FILL,
        }
        specs["tie"] = {**cell, "num_format": "0.00", "bg_color": _TIE_FILL}
        self.fmt = {name: wb.add_format(spec) for name, spec in specs.items()}
        created = _local(max(p.recorded_at for p in self.periods)) if self.periods else None
        props: dict[str, Any] = {"title": t("hist_title", lang), "author": "redflag_xlsx"}
        if created is not None:
            props["created"] = created
        wb.set_properties(props)
        self._summary(wb)
        self._details(wb)
        self._points(wb)
        self._priorities(wb)
        self._tallies(wb)
        self._revisions(wb)
        self._imports(wb)
        self._inputs(wb)

    # --- sheets -------------------------------------------------------------------------------
    def _info(self) -> str:
        if not self.periods:
            return t("hist_empty", self.lang, file=self.ledger.path)
        return t(
            "hist_info",
            self.lang,
            file=self.ledger.path,
            count=len(self.periods),
            first=self.periods[0].period,
            last=self.periods[-1].period,
        )

    def _summary(self, wb: Workbook) -> None:
        lang = self.lang
        cols = [
            _Col("col_unit_code", "text", lambda s: s.code),
            _Col("col_unit_name", "text", lambda s: s.name),
            _Col("col_site", "text", lambda s: s.site),
            _Col("hist_col_quarters", "int", lambda s: s.quarters),
            _Col("hist_col_wins", "int", lambda s: s.wins),
            _Col("hist_col_current_streak", "int", lambda s: s.current_streak),
            _Col("hist_col_best_streak", "int", lambda s: s.best_streak),
            _Col("hist_col_won_periods", "text", lambda s: "、".join(s.won_periods)),
            _Col(
                "hist_col_note",
                "text",
                lambda s: "" if s.in_latest else t("hist_not_in_latest", lang),
            ),
        ]
        ws = self._sheet(wb, "hist_sheet_summary", [t(c.header_key, lang) for c in cols])
        first = len(cols)
        if self.periods:
            ws.write_string(
                layout.INFO_ROW - 1, first, t("hist_export_legend", lang), self.fmt["info"]
            )
        quarters = sorted({p.period for p in self.periods} | {p.period for p in self.imported})
        for j, period in enumerate(quarters):
            ws.write_string(layout.HEADER_ROW - 1, first + j, period, self.fmt["header"])
            ws.set_column(first + j, first + j, 9)
        for i, unit in enumerate(self.units):
            row = layout.FIRST_DATA_ROW - 1 + i
            for j, col in enumerate(cols):
                self._put(ws, row, j, col.kind, col.value(unit), "")
            for j, period in enumerate(quarters):
                rec = unit.records.get(period)
                if rec is None:
                    if period in unit.imported:  # an imported win: no score, the flag only
                        ws.write_string(row, first + j, "★", self.fmt["flag"])
                    else:
                        ws.write_blank(row, first + j, None, self.fmt["text"])
                    continue
                style = {"flag": "flag", "tie": "tie"}.get(rec.outcome, "num")
                self._put(ws, row, first + j, "num", rec.total, "", style)
        self._finish(ws, cols, self.units, len(cols) + len(quarters), freeze_col=2)

    def _details(self, wb: Workbook) -> None:
        lang = self.lang
        yes, no = t("yes", lang), t("no", lang)
        outcomes = {"flag": t("flag_won", lang), "tie": t("flag_tie", lang), "": ""}

        def reasons(r: UnitRecord) -> str:
            return t("res_reason_sep", lang).join(self.by_period[r.period].reasons(r, lang))

        cols = [
            _Col("hist_col_period", "period", lambda r: r.period),
            _Col("col_unit_code", "text", lambda r: r.unit),
            _Col("col_unit_name", "text", lambda r: r.name),
            _Col("col_site", "text", lambda r: r.site),
            _Col("col_baseline", "rate", lambda r: r.baseline),
            _Col("col_current", "rate", lambda r: r.current),
            _Col("hist_col_adj", "num", lambda r: r.satisfaction_adj),
            _Col("hist_col_quality", "num", lambda r: r.quality),
            _Col("hist_col_peer", "num", lambda r: r.peer),
            _Col("hist_col_leadership", "num", lambda r: r.leadership),
            _Col("hist_col_total", "num", lambda r: r.total),
            _Col("hist_col_rank", "int", lambda r: r.rank),
            _Col("hist_col_disqualified", "text", reasons),
            _Col("hist_col_outcome", "text", lambda r: outcomes.get(r.outcome, r.outcome)),
            _Col("hist_col_decided", "text", lambda r: yes if r.decided_by_award else ""),
            _Col("hist_col_streak", "int", lambda r: r.streak),
            _Col("hist_col_points", "gen", lambda r: r.reward_points),
            _Col("hist_col_bonus", "gen", lambda r: r.bonus_yuan),
            _Col("roster_col_contractor", "text", lambda r: r.contractor),
            _Col("hist_col_priority", "text", lambda r: self._priority(r, yes, no)),
        ]
        ws = self._sheet(wb, "hist_sheet_details", [t(c.header_key, lang) for c in cols])
        rows = sorted(self.records, key=lambda r: (r.period, r.position))
        for i, rec in enumerate(rows):
            row = layout.FIRST_DATA_ROW - 1 + i
            prefix = "win_" if rec.won else ""
            for j, col in enumerate(cols):
                self._put(ws, row, j, col.kind, col.value(rec), prefix)
        self._finish(ws, cols, rows, len(cols), freeze_col=3)

    def _priority(self, r: UnitRecord, yes: str, no: str) -> str:
        if r.won and r.in_house:  # never tendered
            return t("res_not_applicable", self.lang)
        return "" if r.priority is None else (yes if r.priority else no)

    def _points(self, wb: Workbook) -> None:
        """奖励分 per unit, 承包单位 and year (SPEC 2.4): what the annual assessment adds."""
        lang = self.lang
        totals: dict[tuple[str, str, int], list[float]] = {}
        imported: dict[tuple[str, str, int], int] = {}
        for rec in sorted(self.records, key=lambda r: (r.period, r.position)):
            if rec.won:
                key = (rec.unit, rec.contractor, int(rec.period[:4]))
                entry = totals.setdefault(key, [0, 0.0, 0.0])
                entry[0] += 1
                entry[1] += rec.reward_points or 0
                entry[2] += rec.bonus_yuan or 0
        for info in self.imported:
            for unit, contractor, _cell in info.wins:
                key = (unit, contractor, int(info.period[:4]))
                imported[key] = imported.get(key, 0) + 1
                totals.setdefault(key, [0, 0.0, 0.0])
        rows = sorted(totals, key=lambda k: (k[2], k[0], k[1]))
        cols = [
            _Col("hist_col_year", "int", lambda k: k[2]),
            _Col("col_unit_code", "text", lambda k: k[0]),
            _Col("col_unit_name", "text", lambda k: self.latest_name.get(k[0], "")),
            _Col("roster_col_contractor", "text", lambda k: k[1] or t("imp_in_house", lang)),
            _Col("hist_col_year_wins", "int", lambda k: totals[k][0]),
            _Col("hist_col_year_points", "gen", lambda k: totals[k][1]),
            _Col("hist_col_year_bonus", "gen", lambda k: totals[k][2]),
            _Col("hist_col_year_imported", "int", lambda k: imported.get(k) or None),
        ]
        ws = self._sheet(wb, "hist_sheet_points", [t(c.header_key, lang) for c in cols])
        ws.write_string(layout.INFO_ROW - 1, 0, t("hist_points_info", lang), self.fmt["info"])
        for i, key in enumerate(rows):
            for j, col in enumerate(cols):
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, col.value(key), "")
        self._finish(ws, cols, rows, len(cols), freeze_col=3)

    def _priorities(self, wb: Workbook) -> None:
        """The contractors holding 重新招投标优先权: earned when, valid until marked used."""
        lang = self.lang

        def state(h: PriorityHolding) -> str:
            return t("hist_prio_valid", lang) if h.valid else t("hist_prio_used", lang)

        cols = [
            _Col("col_unit_code", "text", lambda h: h.unit),
            _Col("col_unit_name", "text", lambda h: self.latest_name.get(h.unit, "")),
            _Col("roster_col_contractor", "text", lambda h: h.contractor),
            _Col("hist_col_prio_earned", "period", lambda h: h.earned),
            _Col("hist_col_prio_wins", "text", lambda h: "、".join(h.wins)),
            _Col("hist_col_prio_state", "text", state),
            _Col("hist_col_prio_used_at", "date", lambda h: h.used_at and _local(h.used_at)),
            _Col("hist_col_prio_reason", "text", lambda h: h.reason or ""),
        ]
        ws = self._sheet(wb, "hist_sheet_priority", [t(c.header_key, lang) for c in cols])
        ws.write_string(layout.INFO_ROW - 1, 0, t("hist_prio_info", lang), self.fmt["info"])
        for i, holding in enumerate(self.holdings):
            prefix = "win_" if holding.valid else ""
            for j, col in enumerate(cols):
                value = col.value(holding)
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, value, prefix)
        self._finish(ws, cols, self.holdings, len(cols), freeze_col=3)

    def _imports(self, wb: Workbook) -> None:
        """The earlier winners entered with history --import, row by row."""
        rows = [
            (p.period, unit, contractor, p.imported_at, p.source, cell)
            for p in self.imported
            for unit, contractor, cell in p.wins
        ]
        lang = self.lang
        cols = [
            _Col("hist_col_period", "period", lambda x: x[0]),
            _Col("col_unit_code", "text", lambda x: x[1]),
            _Col("roster_col_contractor", "text", lambda x: x[2] or t("imp_in_house", lang)),
            _Col("hist_col_imported_at", "date", lambda x: _local(x[3])),
            _Col("hist_col_file", "text", lambda x: x[4]),
            _Col("hist_col_imported_cell", "text", lambda x: x[5]),
        ]
        ws = self._sheet(wb, "hist_sheet_imported", [t(c.header_key, lang) for c in cols])
        for i, item in enumerate(rows):
            for j, col in enumerate(cols):
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, col.value(item), "")
        self._finish(ws, cols, rows, len(cols), freeze_col=2)

    def _tallies(self, wb: Workbook) -> None:
        lang = self.lang

        def named(period: str, codes: Sequence[str]) -> str:
            return "、".join(f"{c} {self.names.get((period, c), '')}".strip() for c in codes)

        cols = [
            _Col("hist_col_period", "period", lambda p: p.period),
            _Col("hist_col_recorded_at", "date", lambda p: _local(p.recorded_at)),
            _Col("hist_col_winners", "text", lambda p: named(p.period, p.winners)),
            _Col("hist_col_awards", "text", lambda p: named(p.period, p.awards)),
            _Col("hist_col_files", "int", lambda p: len(p.files)),
            _Col("hist_col_roster_fp", "text", lambda p: p.roster_fingerprint),
            _Col("hist_col_inputs_digest", "text", lambda p: p.inputs_digest),
            _Col("hist_col_generator", "text", lambda p: p.generator),
        ]
        ws = self._sheet(wb, "hist_sheet_periods", [t(c.header_key, lang) for c in cols])
        for i, info in enumerate(self.periods):
            for j, col in enumerate(cols):
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, col.value(info), "")
        self._finish(ws, cols, self.periods, len(cols), freeze_col=1)

    def _revisions(self, wb: Workbook) -> None:
        """修订记录: every revision of every quarter, one row per changed input (a revision
        without changes: one row) -- SPEC 7."""
        from ..core.messages import Texts
        from .case import decision_msg, item_labels, value_msg, what_msg

        lang = self.lang
        labels: dict[str, dict[str, Texts]] = {}
        rows: list[tuple[Any, ...]] = []
        for period, revisions in self.ledger.revisions().items():
            if period not in labels:
                labels[period] = item_labels(self.ledger.period_rules(period))
            for rev in revisions:
                decisions = t("res_list_sep", lang).join(
                    decision_msg(d).render(lang) for d in rev.decisions
                )
                state = "approved" if rev.kind == "approve" else "proposed"
                head = (
                    period,
                    rev.number,
                    _local(rev.at),
                    t(f"rev_kind_{rev.kind}", lang),
                    t(f"state_{state}", lang),
                    rev.reason,
                    decisions,
                )
                if not rev.changes:
                    rows.append((*head, "", "", "", "", ""))
                for c in rev.changes:
                    what = what_msg(c, labels[period])
                    src = c.source
                    source = f"{src.file} {src.sheet}!{src.cell}" if src.cell else src.file
                    rows.append(
                        (
                            *head,
                            c.subject,
                            what if isinstance(what, str) else what.render(lang),
                            _text(value_msg(c.old), lang),
                            _text(value_msg(c.new), lang),
                            source,
                        )
                    )
        cols = [
            _Col(key, kind, itemgetter(j))
            for j, (key, kind) in enumerate(
                (
                    ("xrev_col_period", "period"),
                    ("xrev_col_number", "int"),
                    ("xrev_col_at", "date"),
                    ("xrev_col_kind", "text"),
                    ("xrev_col_state", "text"),
                    ("xrev_col_reason", "text"),
                    ("xrev_col_decisions", "text"),
                    ("xrev_col_unit", "text"),
                    ("xrev_col_what", "text"),
                    ("xrev_col_old", "text"),
                    ("xrev_col_new", "text"),
                    ("xrev_col_source", "text"),
                )
            )
        ]
        ws = self._sheet(wb, "xsheet_revisions", [t(c.header_key, lang) for c in cols])
        for i, item in enumerate(rows):
            for j, col in enumerate(cols):
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, col.value(item), "")
        self._finish(ws, cols, rows, len(cols), freeze_col=2)

    def _inputs(self, wb: Workbook) -> None:
        files = [(p.period, name, sha) for p in self.periods for name, sha in p.files.items()]
        cols = [
            _Col("hist_col_period", "period", lambda f: f[0]),
            _Col("hist_col_file", "text", lambda f: f[1]),
            _Col("hist_col_sha256", "text", lambda f: f[2]),
        ]
        ws = self._sheet(wb, "hist_sheet_inputs", [t(c.header_key, self.lang) for c in cols])
        for i, item in enumerate(files):
            for j, col in enumerate(cols):
                self._put(ws, layout.FIRST_DATA_ROW - 1 + i, j, col.kind, col.value(item), "")
        self._finish(ws, cols, files, len(cols), freeze_col=1)

    # --- helpers ------------------------------------------------------------------------------
    def _sheet(self, wb: Workbook, name_key: str, headers: list[str]) -> Worksheet:
        ws = wb.add_worksheet(t(name_key, self.lang))
        ws.write_string(layout.TITLE_ROW - 1, 0, t("hist_title", self.lang), self.fmt["title"])
        ws.write_string(layout.INFO_ROW - 1, 0, self._info(), self.fmt["info"])
        for j, text in enumerate(headers):
            ws.write_string(layout.HEADER_ROW - 1, j, text, self.fmt["header"])
        ws.set_row(layout.TITLE_ROW - 1, 24)
        return ws

    def _put(
        self, ws: Worksheet, row: int, col: int, kind: str, value: Any, prefix: str, style=None
    ) -> None:
        fmt = self.fmt[style or f"{prefix}{kind}"]
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif kind == "date":
            ws.write_datetime(row, col, value, fmt)
        elif kind in ("int", "num", "rate", "gen"):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def _finish(
        self,
        ws: Worksheet,
        cols: list[_Col],
        items: Sequence[Any],
        ncols: int,
        *,
        freeze_col: int,
    ) -> None:
        for j, col in enumerate(cols):
            texts = [t(col.header_key, self.lang)]
            if col.kind in ("text", "period"):
                texts += [str(col.value(x) or "") for x in items]
            width = max(text_width(s) for s in texts) + 2
            if col.kind in ("num", "rate", "date", "int", "gen"):
                width = max(width, 10 if col.kind != "date" else 18)
            ws.set_column(j, j, min(max(width, 6), _MAX_WIDTH))
        last_row = layout.FIRST_DATA_ROW - 2 + max(len(items), 1)
        ws.autofilter(layout.HEADER_ROW - 1, 0, last_row, ncols - 1)
        ws.freeze_panes(layout.FIRST_DATA_ROW - 1, freeze_col)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(layout.HEADER_ROW - 1)
