"""The engine with an inspection register (core/register.py, SPEC 14): the register items'
counts are the verified events, a flag is 是 with one event, and without a register nothing
changes."""

from __future__ import annotations

import datetime as dt

from redflag_xlsx.core.models import Register, RegisterEvent
from redflag_xlsx.core.register import (
    event_points,
    item_codes_by_text,
    register_counts,
    register_items,
    unit_events,
)
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally

from scenarios import make_submission, scenario


def _event(unit: str, item: str, day: int = 3, verified: bool = True, row: int = 4):
    return RegisterEvent(
        date=dt.date(2026, 11, day), unit=unit, item=item, verified=verified, row=row
    )


def test_register_items_are_the_count_items_and_the_disqualifying_flags() -> None:
    items = register_items(Rules.default())
    assert [i.code for i in items] == [
        *(i.code for i in Rules.default().items if i.code != "management_good"),
        "discipline_breach",
        "rectification_notice",
    ]
    assert [i.points for i in items if i.flag] == [None, None]
    assert event_points("inspection_repeat", Rules.default()) == -3
    assert event_points("management_good", Rules.default()) is None  # not a register item
    assert event_points("rectification_notice", Rules.default()) is None


def test_items_are_typed_as_either_label_or_the_code() -> None:
    codes = item_codes_by_text(Rules.default())
    assert codes["检查一般偏差"] == "inspection_minor"
    assert codes["inspection: minor deviation"] == "inspection_minor"
    assert codes["inspection_minor"] == "inspection_minor"
    assert codes["整改通知书"] == "rectification_notice"
    assert "制度诚信良好" not in codes


def test_counts_come_from_the_verified_events_only() -> None:
    rules = Rules.default()
    sub = make_submission(scenario("sample").submission.roster, rules, seed=1)
    typed = sub.scoring["JG02"]
    events = [
        _event("JG02", "inspection_minor"),
        _event("JG02", "inspection_minor", 5),
        _event("JG02", "inspection_minor", 6, verified=False),  # 否: not counted
        _event("JG02", "leader_praise"),
        _event("JG03", "rectification_notice"),
        _event("JG05", "complaint_major"),
    ]
    register = Register(files=["r.xlsx"], events=events)
    assert register_counts(register) == {
        "JG02": {"inspection_minor": 2, "leader_praise": 1},
        "JG03": {"rectification_notice": 1},
        "JG05": {"complaint_major": 1},
    }
    result = tally(sub.model_copy(update={"inspection_register": register}), rules)
    jg02 = result.unit("JG02")
    expected = {i.code: 0.0 for i in register_items(rules) if not i.flag}
    expected.update(inspection_minor=2, leader_praise=1)
    assert {k: jg02.counts[k] for k in expected} == expected
    # the 是/否 item is the scoring sheet's, not the register's
    assert jg02.counts["management_good"] == typed.counts["management_good"]
    assert result.unit("JG03").disqualified_by == ["rectification_notice"]
    assert result.unit("JG03").flags == {"discipline_breach": False, "rectification_notice": True}
    assert result.unit("JG05").disqualified_by == ["complaint_major"]
    # every other unit: every register count 0, whatever its scoring row said
    for u in result.units:
        if u.code not in ("JG02", "JG03", "JG05"):
            assert all(u.counts[k] == 0 for k in expected), u.code
            assert not u.disqualified_by


def test_an_empty_register_means_every_register_count_is_zero() -> None:
    sc = scenario("disqualified")
    result = tally(sc.submission.model_copy(update={"inspection_register": Register()}), sc.rules)
    for u in result.units:
        assert all(u.counts[i.code] == 0 for i in register_items(sc.rules) if not i.flag)
        assert u.disqualified_by == []
        assert u.quality == 100 + 5 * u.counts["management_good"] + u.satisfaction_adj


def test_without_a_register_the_typed_counts_count() -> None:
    for name in ("sample", "disqualified", "custom_rules"):
        sc = scenario(name)
        assert sc.submission.inspection_register is None
        result = sc.tally()
        for u in result.units:
            row = sc.submission.scoring[u.code]
            assert u.counts == {i.code: row.counts.get(i.code, 0) for i in sc.rules.items}
            assert u.flags == {
                f.code: row.flags.get(f.code, False) for f in sc.rules.disqualifying_flags
            }


def test_a_units_events_in_date_order() -> None:
    events = [
        _event("JG02", "inspection_minor", 9, row=4),
        _event("JG03", "inspection_minor", 1, row=5),
        _event("JG02", "leader_praise", 2, row=6),
        _event("JG02", "inspection_minor", 1, verified=False, row=7),
    ]
    assert [(e.date.day, e.row) for e in unit_events(events, "JG02")] == [(2, 6), (9, 4)]
