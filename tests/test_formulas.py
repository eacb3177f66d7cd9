"""Each formula builder's exact text (core/formulas.py), as XlsxWriter tests its writers.

That the formulas compute the engine's numbers is proven elsewhere, by LibreOffice
(test_results_recalc.py, test_results_property.py, the forms' live 考核得分 in
test_templates.py); here a change of text is caught where it is made.
"""

from __future__ import annotations

import pytest

from redflag_xlsx.core import formulas as f
from redflag_xlsx.core.rules import Rules

REFS = f.RuleRefs(
    base="R!$B$4",
    up="R!$B$6",
    down="R!$B$7",
    w_quality="R!$B$8",
    w_peer="R!$B$9",
    w_leadership="R!$B$10",
    trim_min="R!$B$13",
    q_min=None,
    q_max=None,
    points={"inspection_minor": "R!$B$22"},
    tiers=f.TierRefs("R!$A$5:$A$7", "R!$B$5:$B$7", "R!$C$5:$C$7", "R!$D$5:$D$7"),
)
BOUNDED = f.RuleRefs(**{**REFS.__dict__, "q_min": "R!$B$15", "q_max": "R!$B$16"})


@pytest.mark.parametrize(
    ("built", "text"),
    [
        # builder call                                                      the formula text
        (f.satisfaction_delta("D5", "E5"), "ROUND(E5-D5,6)"),
        (f.delta_or_blank("D5", "E5"), 'IF(COUNT(D5,E5)<2,"",ROUND(E5-D5,6))'),
        (
            f.satisfaction_adjustment("F5", REFS, "full_points"),
            "IF(F5>=0,R!$B$6,R!$B$7)*TRUNC(F5)",
        ),
        (
            f.satisfaction_adjustment("F5", REFS, "proportional"),
            "ROUND(IF(F5>=0,R!$B$6,R!$B$7)*F5,2)",
        ),
        (
            f.adjustment_or_zero("F5", REFS, "full_points"),
            "IF(COUNT(F5)=0,0,IF(F5>=0,R!$B$6,R!$B$7)*TRUNC(F5))",
        ),
        (
            f.adjustment_of_rates("D5", "E5", REFS, "full_points"),
            'IF(OR(D5="",E5=""),0,IF(ROUND(E5-D5,6)>=0,R!$B$6,R!$B$7)*TRUNC(ROUND(E5-D5,6)))',
        ),
        (f.count_points("D5", "D$2"), "D5*D$2"),
        (f.count_points("D5", "-1", typed=True), "D5*(-1)"),
        (f.flag_points("P5", "5", ("是", "Y")), 'IF(OR(P5="是",P5="Y",P5=1),5,0)'),
        (f.quality(["D5*D$2", "E5*E$2"], "G5", REFS), "R!$B$4+D5*D$2+E5*E$2+G5"),
        (f.quality(["D5*D$2"], "G5", BOUNDED), "MIN(MAX(R!$B$4+D5*D$2+G5,R!$B$15),R!$B$16)"),
        (f.aggregate("H5:P5", "D5", "mean", REFS), 'IF(D5=0,"",ROUND(AVERAGE(H5:P5),2))'),
        (
            f.aggregate("H5:P5", "D5", "trimmed", REFS),
            'IF(D5=0,"",IF(D5>=R!$B$13,ROUND((SUM(H5:P5)-MAX(H5:P5)-MIN(H5:P5))/(D5-2),2),'
            "ROUND(AVERAGE(H5:P5),2)))",
        ),
        (
            f.total("D5", "E5", "F5", REFS),
            'IF(COUNT(E5,F5)<2,"",ROUND(R!$B$8*D5+R!$B$9*E5+R!$B$10*F5,2))',
        ),
        (  # ranked among the units of the site that can win: blank reasons (SPEC 2.3)
            f.rank("G5", "I5", "G$5:G$12", "I$5:I$12"),
            'IF(OR(COUNT(G5)=0,I5<>""),"",1+COUNTIFS(G$5:G$12,">"&G5,I$5:I$12,""))',
        ),
        (f.rater_deviations("G5:G12", "J5:J12"), 'SUMPRODUCT((G5:G12<>"")*(J5:J12>1))'),
        (
            f.rater_leniency("G5:G12", "I5:I12", "J5:J12"),
            'IF(SUMPRODUCT((G5:G12<>"")*(J5:J12>1))=0,"",SUMPRODUCT((G5:G12<>"")*(J5:J12>1)*'
            '(G5:G12-(I5:I12-G5:G12)/(J5:J12+2*(J5:J12<=1)-1)))/SUMPRODUCT((G5:G12<>"")*'
            "(J5:J12>1)))",
        ),
        (f.difference("D5", "E5"), 'IF(COUNT(D5,E5)<2,"",ROUND(D5-E5,2))'),
        (
            f.tier_value("K5", REFS.tiers, "bonus"),  # type: ignore[arg-type]
            "INDEX(R!$C$5:$C$7,MATCH(K5,R!$A$5:$A$7,1))",
        ),
        (
            f.register_count("E!$B$4:$B$60", "$A5", "E!$D$4:$D$60", "D$3"),
            "COUNTIFS(E!$B$4:$B$60,$A5,E!$D$4:$D$60,D$3)",
        ),
        (
            f.register_count("E!$B$4:$B$60", "$A5", "E!$D$4:$D$60", "D$3", exact=True),
            "SUMPRODUCT(EXACT(E!$B$4:$B$60,$A5)*EXACT(E!$D$4:$D$60,D$3))",
        ),
        (
            f.register_flag("COUNTIFS(E!$B$4:$B$9,$A5,E!$D$4:$D$9,W$3)"),
            "IF(COUNTIFS(E!$B$4:$B$9,$A5,E!$D$4:$D$9,W$3)>0,1,0)",
        ),
    ],
)
def test_builder_text(built: str, text: str) -> None:
    assert built == text


def test_typed_refs_are_the_rules_numbers() -> None:
    rules = Rules.default().model_copy(update={"quality_bounds": (0.0, None)})
    refs = f.RuleRefs.typed(rules)
    assert (refs.base, refs.up, refs.down, refs.q_min, refs.q_max) == ("100", "10", "5", "0", None)
    assert (refs.w_quality, refs.w_peer, refs.w_leadership) == ("0.5", "0.25", "0.25")
    assert refs.points["inspection_minor"] == "-1" and refs.points["journal_article"] == "10"
    assert refs.tiers is None


@pytest.mark.parametrize(
    ("texts", "plain"),
    [
        # unit codes and item labels                          COUNTIFS reads each as itself?
        (["JG01", "XZ04", "检查一般偏差", "整改通知书"], True),
        (["inspection: minor deviation", "rectification notice issued"], True),
        (["A-1", "B.2", "中心(北)"], True),
        (["JG*"], False),  # a wildcard
        (["JG?1"], False),
        (["~A"], False),
        (["<5"], False),  # a comparison
        (["=A"], False),
        (["001"], False),  # a number
        (["1A"], False),
        (["TRUE"], False),  # a boolean
        (["Nov 3"], False),  # a date
        (["JG01", "jg01"], False),  # equal but for case
        ([], True),
    ],
)
def test_plain_criteria(texts: list[str], plain: bool) -> None:
    assert f.plain_criteria(texts) is plain
