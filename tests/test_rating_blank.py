"""``W_RATING_BLANK`` (SPEC 5, v2): a rating left blank in a row that has others is named -- the
cell, the rater, the rated unit -- where before only the coverage threshold could hint at it.

How it sits with the other two (docs/validation.md): a rater with no ratings at all (a blank
row, or no form) is one ``W_MISSING_RATER``, never N blanks; ``W_LOW_COVERAGE`` is about the
rated unit (its total rests on too few ratings) and is reported as well when it applies.
"""

from __future__ import annotations

from redflag_xlsx.core.peers import rated_by
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally

from fill import cell_of
from readkit import DATA, ROSTER, filled, read, split_forms


def test_a_leader_leaving_one_unit_blank_is_told(blanks, tmp_path):
    path = filled(blanks, tmp_path, leadership={"LD03": {"XZ02": None}})
    sub = read(path)
    [issue] = sub.issues
    assert (issue.code, issue.cell, issue.rater, issue.unit) == (
        "W_RATING_BLANK", cell_of(path, "leadership", "LD03", "XZ02"), "LD03", "XZ02",
    )  # fmt: skip
    assert issue.message == (
        "领导 LD03（张志强）没有给 XZ02（中心保洁服务项目）评分：该格为空，XZ02 少计一份评分"
    )
    assert "XZ02" not in sub.leadership["LD03"]
    # the coverage threshold (2/3 of 5 leaders) does not fire for one missing rating
    assert [i.code for i in tally(sub).issues] == ["W_RATING_BLANK"]


def test_blank_rows_and_missing_forms_are_missing_raters_not_blanks(blanks, tmp_path):
    path = filled(blanks, tmp_path / "a", peer={"JG05": dict.fromkeys(DATA["peer"]["JG05"])})
    assert [(i.code, i.rater) for i in read(path).issues] == [("W_MISSING_RATER", "JG05")]
    forms = split_forms(blanks, tmp_path / "b", skip=("_LD01",))
    assert [(i.code, i.rater) for i in read(*forms).issues] == [("W_MISSING_RATER", "LD01")]


def test_blank_ratings_and_low_coverage_together(blanks, tmp_path):
    """Four of five leaders leave XZ04 blank: four W_RATING_BLANK (one per cell) and the unit's
    W_LOW_COVERAGE (1 of 5 received)."""
    leaders = [ld.code for ld in ROSTER.leaders]
    path = filled(blanks, tmp_path, leadership={code: {"XZ04": None} for code in leaders[:4]})
    sub = read(path)
    assert [(i.code, i.rater) for i in sub.issues] == [("W_RATING_BLANK", c) for c in leaders[:4]]
    assert len({i.cell for i in sub.issues}) == 4
    assert [(i.code, i.unit) for i in tally(sub).issues if i.code == "W_LOW_COVERAGE"] == [
        ("W_LOW_COVERAGE", "XZ04")
    ]


def test_cells_outside_the_peer_scope_are_not_blanks(blanks, tmp_path):
    """With peer_scope = "site" a unit rates only its own site: the other site's cells of its
    row are expected blank (grey on the form)."""
    rules = Rules(peer_scope="site")
    peer = {
        u.code: {v.code: (80 + i) for i, v in enumerate(rated_by(ROSTER, rules, u.code))}
        for u in ROSTER.units
    }
    blank_all = {
        u.code: dict.fromkeys(x.code for x in ROSTER.units if x.code != u.code)
        for u in ROSTER.units
    }
    for code, row in peer.items():
        blank_all[code].update(row)
    path = filled(blanks, tmp_path, peer=blank_all)
    sub = read(path, rules=rules)
    assert [i.code for i in sub.issues] == []
