"""Every parameter of the award (SPEC section 2) in one pydantic model, ``Rules``.

``Rules.default()`` is exactly the seed's rules.  ``Rules.load("rules.toml")`` applies a TOML
override on top of the defaults; quality items are overridden by code under ``[items.<code>]``.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ConfigError
from .messages import Msg
from .rules_announcement import AnnouncementSettings
from .rules_errors import at, describe_validation, line_of, toml_error

if TYPE_CHECKING:
    from .roster import Roster

Aggregation = Literal["mean", "trimmed"]
TieBreak = Literal["quality", "leadership", "peer"]
ItemInput = Literal["count", "flag"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# a quality bound may be -inf (low) or inf (high): rules.toml writes a missing bound so
Bound = Annotated[float, AllowInfNan(True)]


class _Labelled(_Strict):
    """A column of the scoring sheet: a code and its header text in both languages."""

    code: str
    label_zh: str
    label_en: str

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


class QualityItem(_Labelled):
    """One line of the scoring sheet: points per count (or once, for a 是/否 item)."""

    points: float
    input: ItemInput = "count"
    disqualifies: bool = False


class DisqualifyingFlag(_Labelled):
    """A 是/否 column that, when 是, takes the unit out of the award."""


class Weights(_Strict):
    quality: float = 0.50
    peer: float = 0.25
    leadership: float = 0.25

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        for name in ("quality", "peer", "leadership"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} < 0")
        total = self.quality + self.peer + self.leadership
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(Msg("cfg_weights_sum", total=f"{total:g}"))
        return self


class RewardTier(_Strict):
    """Reward for a win whose streak is at least ``min_streak``."""

    min_streak: int = Field(ge=1)
    points: float
    bonus_yuan: float
    priority: bool = False


# code, 中文, English, points, input, disqualifies
_SEED_TABLE: list[tuple[str, str, str, float, ItemInput, bool]] = [
    ("inspection_minor", "检查一般偏差", "inspection: minor deviation", -1, "count", False),
    ("inspection_major", "检查较大偏差", "inspection: major deviation", -2, "count", False),
    ("inspection_repeat", "检查重复偏差", "inspection: repeated deviation", -3, "count", False),
    ("survey_minor", "调查一般偏差", "survey: minor deviation", -1, "count", False),
    ("survey_major", "调查较大偏差", "survey: major deviation", -2, "count", False),
    ("survey_repeat", "调查重复偏差", "survey: repeated deviation", -3, "count", False),
    ("complaint_general", "一般投诉", "verified general complaint", -5, "count", False),
    ("complaint_major", "重大质量投诉", "verified major quality complaint", -10, "count", True),
    ("passive_work", "消极应付", "passive work / non-cooperation", -5, "count", False),
    ("safety_accident", "重大安全事故", "major safety accident", -50, "count", True),
    ("leader_praise", "领导表扬", "documented praise by city leaders", 10, "count", False),
    ("management_good", "制度诚信良好", "sound management and integrity", 5, "flag", False),
    ("emergency_handling", "突发事件处理", "effective emergency handling", 10, "count", False),
    ("bulletin_article", "简报文章", "article in the centre's bulletin", 5, "count", False),
    ("journal_article", "期刊文章", "article in a published journal", 10, "count", False),
    ("innovation", "创新成效", "innovation with clear results", 5, "count", False),
]
SEED_ITEMS: tuple[QualityItem, ...] = tuple(
    QualityItem(code=c, label_zh=zh, label_en=en, points=p, input=kind, disqualifies=dq)
    for c, zh, en, p, kind, dq in _SEED_TABLE
)

SEED_FLAGS: tuple[DisqualifyingFlag, ...] = (
    DisqualifyingFlag(
        code="discipline_breach",
        label_zh="严重违反工作纪律",
        label_en="serious breach of discipline",
    ),
    DisqualifyingFlag(
        code="rectification_notice", label_zh="整改通知书", label_en="rectification notice issued"
    ),
)

SEED_TIERS: tuple[RewardTier, ...] = (
    RewardTier(min_streak=1, points=3, bonus_yuan=600, priority=False),
    RewardTier(min_streak=2, points=6, bonus_yuan=1200, priority=False),
    RewardTier(min_streak=3, points=10, bonus_yuan=2000, priority=True),
)


class Rules(_Strict):
    """All parameters of SPEC section 2; the defaults are the seed's numbers."""

    base_score: float = 100
    items: tuple[QualityItem, ...] = SEED_ITEMS
    disqualifying_flags: tuple[DisqualifyingFlag, ...] = SEED_FLAGS
    satisfaction_mode: Literal["full_points", "proportional"] = "full_points"
    satisfaction_up_points: float = Field(default=10, ge=0)
    satisfaction_down_points: float = Field(default=5, ge=0)
    satisfaction_baseline: Literal["previous_quarter", "fixed"] = "previous_quarter"
    weights: Weights = Weights()
    peer_aggregation: Aggregation = "mean"
    leadership_aggregation: Aggregation = "mean"
    trim_min_count: int = Field(default=5, ge=3)
    peer_scope: Literal["all", "site"] = "all"
    in_house_rates_peers: bool = True
    min_coverage: float = Field(default=2 / 3, ge=0, le=1)
    flags_per_site: dict[str, int] = Field(
        default_factory=lambda: {"机关大楼": 2, "行政事业中心": 1}
    )
    reward_tiers: tuple[RewardTier, ...] = SEED_TIERS
    tie_break: tuple[TieBreak, ...] = ("quality", "leadership", "peer")
    quality_bounds: tuple[Bound | None, Bound | None] | None = None
    min_total_for_flag: float | None = None
    # rater analysis (SPEC 15): thresholds of its warnings; scores never depend on them
    rater_bias_points: float = Field(default=8, ge=0)
    rater_strategic_p: float = Field(default=0.01, ge=0, le=1)
    rater_strategic_points: float = Field(default=8, ge=0)
    rater_pair_points: float = Field(default=8, ge=0)
    announcement: AnnouncementSettings = AnnouncementSettings()

    _explicit_sites: bool = PrivateAttr(default=False)
    _source: str = PrivateAttr(default="rules")

    @field_validator("flags_per_site")
    @classmethod
    def _non_negative_flags(cls, value: dict[str, int]) -> dict[str, int]:
        for site, n in value.items():
            if n < 0:
                raise ValueError(f"{site}: {n} < 0")
        return value

    @field_validator("items")
    @classmethod
    def _unique_items(cls, value: tuple[QualityItem, ...]) -> tuple[QualityItem, ...]:
        codes = [i.code for i in value]
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate item codes")
        return value

    @field_validator("reward_tiers")
    @classmethod
    def _tiers_sorted(cls, value: tuple[RewardTier, ...]) -> tuple[RewardTier, ...]:
        if not value or value[0].min_streak != 1:
            raise ValueError("the first tier must start at min_streak = 1")
        streaks = [tier.min_streak for tier in value]
        for streak in streaks:
            if streaks.count(streak) > 1:  # which tier applies? (MATCH could take either)
                raise ValueError(Msg("cfg_tier_repeated", streak=streak))
        return tuple(sorted(value, key=lambda tier: tier.min_streak))

    @field_validator("quality_bounds")
    @classmethod
    def _bounds_in_order(
        cls, value: tuple[float | None, float | None] | None
    ) -> tuple[float | None, float | None] | None:
        if value is None:
            return value
        low, high = value
        if (low is not None and (math.isnan(low) or low == math.inf)) or (
            high is not None and (math.isnan(high) or high == -math.inf)
        ):
            raise ValueError(Msg("cfg_bound_not_finite"))
        if low is not None and high is not None and low > high:
            raise ValueError(Msg("cfg_bounds_order", low=f"{low:g}", high=f"{high:g}"))
        return value

    @field_validator("tie_break")
    @classmethod
    def _unique_tie_break(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("repeated criterion")
        return value

    def __eq__(self, other: object) -> bool:
        """Rules are equal when their parameters are (where they were loaded from is not)."""
        if not isinstance(other, Rules):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())

    # --- lookups ---------------------------------------------------------------------------
    def item(self, code: str) -> QualityItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def tier_for(self, streak: int) -> RewardTier:
        """The reward tier of a win whose streak is ``streak`` (>= 1)."""
        chosen = self.reward_tiers[0]
        for tier in self.reward_tiers:
            if streak >= tier.min_streak:
                chosen = tier
        return chosen

    @property
    def quality_limits(self) -> tuple[float | None, float | None]:
        """``quality_bounds`` as (low, high), a bound that is not set (absent, -inf or inf)
        as None."""
        low, high = self.quality_bounds or (None, None)
        return (
            low if low is not None and math.isfinite(low) else None,
            high if high is not None and math.isfinite(high) else None,
        )

    def flags_for(self, site: str) -> int:
        return self.flags_per_site.get(site, 0)

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def default(cls) -> Rules:
        return cls()

    @classmethod
    def from_mapping(
        cls, data: dict[str, Any], source: str = "rules", text: str | None = None
    ) -> Rules:
        """Defaults overridden by ``data`` (the shape of a rules TOML file; ``text``, the file
        itself, lets a message name the line of a wrong key)."""
        merged: dict[str, Any] = dict(data)
        if "items" in merged:
            merged["items"] = _merge_items(merged["items"], source, text)
        try:
            return cls.model_validate(merged)
        except ValidationError as exc:
            raise ConfigError(describe_validation(exc, source, merged, text)) from None

    @classmethod
    def load(cls, path: str | Path) -> Rules:
        path = Path(path)
        if path.exists() and not path.is_file():  # a folder, a pipe (reading would block), ...
            raise ConfigError(Msg("cfg_unreadable", file=path, detail=Msg("not_regular_file")))
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise ConfigError(Msg("cfg_unreadable", file=path, detail=exc.strerror)) from None
        except UnicodeDecodeError as exc:
            raise ConfigError(Msg("cfg_unreadable", file=path, detail=exc.reason)) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(toml_error(exc, str(path), text)) from None
        rules = cls.from_mapping(data, source=str(path), text=text)
        rules._explicit_sites = "flags_per_site" in data
        rules._source = str(path)
        return rules

    def check_roster(self, roster: Roster) -> None:
        """Refuse a roster site the rules do not know (it could never get a flag), a unit that no
        peer could rate (alone at its site under ``peer_scope = "site"``, or beside in-house
        units only when ``in_house_rates_peers`` is false), and a rules file whose
        ``flags_per_site`` names a site the roster lacks."""
        from .peers import raters_of

        for unit in roster.units:
            if unit.site not in self.flags_per_site:
                raise ConfigError(
                    Msg(
                        "roster_unknown_site_rules",
                        unit=unit.code,
                        site=unit.site,
                        sites="、".join(self.flags_per_site),
                    )
                )
        if self.peer_scope == "site":
            for site in roster.sites:
                alone = roster.units_at(site)
                if len(alone) == 1:
                    raise ConfigError(Msg("cfg_lonely_site", site=site, unit=alone[0].code))
        if len(roster.units) > 1:
            for unit in roster.units:
                if not raters_of(roster, self, unit.code):
                    raise ConfigError(Msg("cfg_no_peer_raters", unit=unit.code, name=unit.name))
        if not self._explicit_sites:
            return
        sites = roster.sites
        for site in self.flags_per_site:
            if site not in sites:
                raise ConfigError(
                    Msg(
                        "cfg_site_missing",
                        file=self._source,
                        site=site,
                        sites="、".join(sites),
                    )
                )


def _merge_items(overrides: Any, source: str, text: str | None = None) -> list[dict[str, Any]]:
    """Apply ``[items.<code>]`` tables to the seed items; a list replaces them whole."""
    if isinstance(overrides, list):
        return overrides
    if not isinstance(overrides, dict):
        raise ConfigError(
            Msg(
                "cfg_bad_value",
                file=at(source, line_of(text, "items")),
                key="items",
                detail=Msg("cfg_pyd.dict_type", input=""),
            )
        )
    items = {item.code: item.model_dump() for item in SEED_ITEMS}
    for code, fields in overrides.items():
        if code not in items:
            raise ConfigError(
                Msg(
                    "cfg_bad_value",
                    file=at(source, line_of(text, f"items.{code}")),
                    key=f"items.{code}",
                    detail=Msg("cfg_unknown_item", code=code),
                )
            )
        if not isinstance(fields, dict):
            raise ConfigError(
                Msg(
                    "cfg_bad_value",
                    file=at(source, line_of(text, f"items.{code}")),
                    key=f"items.{code}",
                    detail=Msg("cfg_pyd.dict_type", input=""),
                )
            )
        items[code] = {**items[code], **fields, "code": code}
    return list(items.values())
