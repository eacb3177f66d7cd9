"""The ledger's SQLite schema: one migration per version, applied in order.

The version is kept in ``PRAGMA user_version``.

Version 1 is the first release.  Version 2 adds ``pending_output``: a results workbook being put
in place with its revision (SPEC 8: both or neither; :mod:`~redflag_xlsx.ledger.pending`).
Version 3 stores each unit's 承包单位, imported earlier winners and used re-tender priorities
(issue 20).  Version 4 makes a period a case file (issue 14): its append-only revisions (tally,
approve) with their decisions and changed inputs, every input value the tally used with its
source, and each unit's departure from the ranking decided by the leaders.
Never edit a released entry: append a new tuple of statements, and
:class:`~redflag_xlsx.ledger.Ledger` upgrades older files in one transaction when it opens them.
"""

from __future__ import annotations

APPLICATION_ID = 0x52464C47  # "RFLG" in PRAGMA application_id: marks the file as our ledger

# One tuple of statements per schema version; never edit a released entry, append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # version 1
        """CREATE TABLE period (
            period TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
            recorded_at TEXT NOT NULL,
            generator TEXT NOT NULL,
            inputs_digest TEXT NOT NULL,
            roster_fingerprint TEXT NOT NULL,
            roster_json TEXT NOT NULL,
            rules_json TEXT NOT NULL,
            tiers_json TEXT NOT NULL,
            labels_json TEXT NOT NULL
        )""",
        """CREATE TABLE unit_result (
            period TEXT NOT NULL REFERENCES period(period),
            unit TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            site TEXT NOT NULL,
            inputs_digest TEXT NOT NULL,
            counts_json TEXT NOT NULL,
            flags_json TEXT NOT NULL,
            baseline REAL,
            baseline_source TEXT NOT NULL CHECK (baseline_source IN ('input', 'history', 'none')),
            current REAL,
            satisfaction_delta REAL,
            satisfaction_adj REAL NOT NULL,
            quality REAL NOT NULL,
            peer REAL,
            peer_count INTEGER NOT NULL,
            peer_expected INTEGER NOT NULL,
            leadership REAL,
            leadership_count INTEGER NOT NULL,
            leadership_expected INTEGER NOT NULL,
            total REAL,
            rank INTEGER,
            eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
            disqualified_by TEXT NOT NULL,
            below_min_total INTEGER NOT NULL CHECK (below_min_total IN (0, 1)),
            outcome TEXT NOT NULL CHECK (outcome IN ('flag', 'tie', '')),
            decided_by_award INTEGER NOT NULL CHECK (decided_by_award IN (0, 1)),
            streak INTEGER,
            reward_points REAL,
            bonus_yuan REAL,
            priority INTEGER,
            PRIMARY KEY (period, unit)
        )""",
        "CREATE INDEX unit_result_by_unit ON unit_result (unit, period)",
        """CREATE TABLE award_decision (
            period TEXT NOT NULL REFERENCES period(period),
            unit TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (period, unit)
        )""",
        """CREATE TABLE input_file (
            period TEXT NOT NULL REFERENCES period(period),
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (period, file)
        )""",
    ),
    (  # version 2: the results workbook and its revision are one outcome (SPEC 8)
        """CREATE TABLE pending_output (
            token TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('intent', 'done')),
            target BLOB NOT NULL,
            temp BLOB NOT NULL,
            backup BLOB,
            replace INTEGER NOT NULL CHECK (replace IN (0, 1)),
            copied INTEGER NOT NULL CHECK (copied IN (0, 1)),
            created_at TEXT NOT NULL
        )""",
    ),
    (  # version 3: the seed's loose ends (issue 20)
        # unit_result gains the unit's 承包单位 that quarter (a streak is the contractor's) and
        # a baseline may come from the roster's fixed 基准满意率: SQLite cannot change a CHECK,
        # so the table is rebuilt; the 承包单位 of quarters already recorded is taken from the
        # roster each was tallied with (period.roster_json).
        """CREATE TABLE unit_result_v3 (
            period TEXT NOT NULL REFERENCES period(period),
            unit TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            site TEXT NOT NULL,
            contractor TEXT NOT NULL DEFAULT '',
            inputs_digest TEXT NOT NULL,
            counts_json TEXT NOT NULL,
            flags_json TEXT NOT NULL,
            baseline REAL,
            baseline_source TEXT NOT NULL
                CHECK (baseline_source IN ('input', 'history', 'roster', 'none')),
            current REAL,
            satisfaction_delta REAL,
            satisfaction_adj REAL NOT NULL,
            quality REAL NOT NULL,
            peer REAL,
            peer_count INTEGER NOT NULL,
            peer_expected INTEGER NOT NULL,
            leadership REAL,
            leadership_count INTEGER NOT NULL,
            leadership_expected INTEGER NOT NULL,
            total REAL,
            rank INTEGER,
            eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
            disqualified_by TEXT NOT NULL,
            below_min_total INTEGER NOT NULL CHECK (below_min_total IN (0, 1)),
            outcome TEXT NOT NULL CHECK (outcome IN ('flag', 'tie', '')),
            decided_by_award INTEGER NOT NULL CHECK (decided_by_award IN (0, 1)),
            streak INTEGER,
            reward_points REAL,
            bonus_yuan REAL,
            priority INTEGER,
            PRIMARY KEY (period, unit)
        )""",
        """INSERT INTO unit_result_v3 (period, unit, position, name, site, contractor,
            inputs_digest, counts_json, flags_json, baseline, baseline_source, current,
            satisfaction_delta, satisfaction_adj, quality, peer, peer_count, peer_expected,
            leadership, leadership_count, leadership_expected, total, rank, eligible,
            disqualified_by, below_min_total, outcome, decided_by_award, streak, reward_points,
            bonus_yuan, priority)
        SELECT r.period, r.unit, r.position, r.name, r.site,
            COALESCE((SELECT json_extract(u.value, '$.contractor')
                      FROM period p, json_each(p.roster_json, '$.units') u
                      WHERE p.period = r.period AND json_extract(u.value, '$.code') = r.unit), ''),
            r.inputs_digest, r.counts_json, r.flags_json, r.baseline, r.baseline_source,
            r.current, r.satisfaction_delta, r.satisfaction_adj, r.quality, r.peer, r.peer_count,
            r.peer_expected, r.leadership, r.leadership_count, r.leadership_expected, r.total,
            r.rank, r.eligible, r.disqualified_by, r.below_min_total, r.outcome,
            r.decided_by_award, r.streak, r.reward_points, r.bonus_yuan, r.priority
        FROM unit_result r""",
        "DROP TABLE unit_result",
        "ALTER TABLE unit_result_v3 RENAME TO unit_result",
        "CREATE INDEX unit_result_by_unit ON unit_result (unit, period)",
        # the winners of quarters before the tool was used (history --import): winners only
        """CREATE TABLE imported_period (
            period TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
            imported_at TEXT NOT NULL,
            source TEXT NOT NULL
        )""",
        """CREATE TABLE imported_win (
            period TEXT NOT NULL REFERENCES imported_period(period),
            unit TEXT NOT NULL,
            contractor TEXT NOT NULL,
            position INTEGER NOT NULL,
            source_cell TEXT NOT NULL,
            PRIMARY KEY (period, unit)
        )""",
        # 重新招投标优先权 marked used (history --priority-used): the holding it ends
        """CREATE TABLE priority_used (
            unit TEXT NOT NULL,
            contractor TEXT NOT NULL,
            earned TEXT NOT NULL,
            used_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (unit, contractor, earned)
        )""",
    ),
    (  # version 4: the quarter as a case file (issue 14, SPEC 7 and 12)
        # every revision of a period, append-only: 1 is the first tally, then re-tallies and the
        # leaders' approval; decisions_json is a list of core.case.Decision
        """CREATE TABLE revision (
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
            number INTEGER NOT NULL CHECK (number >= 1),
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('tally', 'approve')),
            reason TEXT NOT NULL DEFAULT '',
            decisions_json TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL CHECK (state IN ('proposed', 'approved')),
            inputs_kept INTEGER NOT NULL DEFAULT 1 CHECK (inputs_kept IN (0, 1)),
            PRIMARY KEY (period, number)
        )""",
        # the input values a revision changed (old -> new, JSON; null is a blank) and where
        """CREATE TABLE revision_change (
            period TEXT NOT NULL,
            number INTEGER NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scoring', 'peer', 'leadership', 'event')),
            subject TEXT NOT NULL,
            key TEXT NOT NULL,
            old_json TEXT NOT NULL,
            new_json TEXT NOT NULL,
            file TEXT NOT NULL DEFAULT '',
            sheet TEXT NOT NULL DEFAULT '',
            cell TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (period, number, position),
            FOREIGN KEY (period, number) REFERENCES revision(period, number)
        )""",
        # every input value of the latest revision, with its source: scoring cells (subject
        # the unit, key the column), ratings (subject the rated unit, key the rater), register
        # events (subject the unit, key the item, value the event as JSON)
        """CREATE TABLE period_input (
            period TEXT NOT NULL REFERENCES period(period),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scoring', 'peer', 'leadership', 'event')),
            subject TEXT NOT NULL,
            key TEXT NOT NULL,
            value_json TEXT NOT NULL,
            typed INTEGER NOT NULL DEFAULT 0 CHECK (typed IN (0, 1)),
            file TEXT NOT NULL DEFAULT '',
            sheet TEXT NOT NULL DEFAULT '',
            cell TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (period, position)
        ) WITHOUT ROWID""",
        # the rest of the submission (files, fingerprints, the reader's findings, the register's
        # files): a period without this row was tallied before inputs were kept
        """CREATE TABLE period_case (
            period TEXT PRIMARY KEY REFERENCES period(period),
            submission_json TEXT NOT NULL
        )""",
        """ALTER TABLE unit_result ADD COLUMN decision TEXT NOT NULL DEFAULT ''
            CHECK (decision IN ('', 'award', 'withhold'))""",
        "ALTER TABLE unit_result ADD COLUMN decision_reason TEXT NOT NULL DEFAULT ''",
        # the periods already recorded become revision 1 (their --award decisions kept)
        """INSERT INTO revision (period, number, at, kind, reason, decisions_json, state,
            inputs_kept)
        SELECT p.period, 1, p.recorded_at, 'tally', '',
            COALESCE((SELECT json_group_array(json_object(
                        'unit', a.unit, 'action', 'award', 'reason', ''))
                      FROM (SELECT unit FROM award_decision
                            WHERE period = p.period ORDER BY position) a), '[]'),
            'proposed', 0
        FROM period p""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
