"""The office's settings for the documents (SPEC 13): the ``[announcement]`` table of rules.toml,
``Rules.announcement``::

    [announcement]
    issuer = "机关服务中心"        # 发布单位, the announcement's signature
    days = 5                      # 公示期 in calendar days
    contact = ""                  # 异议受理 line; blank: not printed
    budget_line = "机关大楼运转费"  # the bonuses' budget line (seed 六.4)

    [announcement.group]          # the evaluation group's signature block (seed 三)
    leader = ""                   # 组长; a blank name prints as a line to sign on
    deputies = ["", ""]           # 副组长, one entry per line

Every value is checked with a message in the catalog's words naming the key (never pydantic's
English), and the texts are bounded so that the one-page announcement holds them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .messages import Msg

__all__ = ["AnnouncementSettings", "EvaluationGroup"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# the one-page announcement holds these (a longer text would not fit its line)
ISSUER_LIMIT, CONTACT_LIMIT, NAME_LIMIT, DEPUTIES_LIMIT, DAYS_LIMIT = 30, 80, 20, 4, 60


def _settings_table(data: Any, name: str) -> Any:
    """A table such as ``[announcement]`` must be a TOML table, not a value."""
    if not isinstance(data, (dict, BaseModel)):
        raise ValueError(Msg("cfg_ann_table", name=name))
    return data


def _settings_text(value: Any, limit: int, *, required: bool = False) -> str:
    """A one-line text setting: a string of at most ``limit`` characters, without line breaks or
    control characters (it is printed on one line), blank only when not ``required``."""
    if not isinstance(value, str):
        raise ValueError(Msg("cfg_ann_text"))
    value = value.strip()
    if any(ch < " " or ch == "\x7f" for ch in value):
        raise ValueError(Msg("cfg_ann_control"))
    if required and not value:
        raise ValueError(Msg("cfg_ann_blank"))
    if len(value) > limit:
        raise ValueError(Msg("cfg_ann_long", n=limit))
    return value


class EvaluationGroup(_Strict):
    """The evaluation group's signature block (seed 三): 组长 and 副组长.  A blank name prints as
    a line to sign on; ``deputies`` has one entry per 副组长 line."""

    leader: str = ""
    deputies: tuple[str, ...] = ("", "")

    @model_validator(mode="before")
    @classmethod
    def _is_table(cls, data: Any) -> Any:
        return _settings_table(data, "announcement.group")

    @field_validator("leader", mode="before")
    @classmethod
    def _leader(cls, value: Any) -> Any:
        return _settings_text(value, NAME_LIMIT)

    @field_validator("deputies", mode="before")
    @classmethod
    def _deputies(cls, value: Any) -> Any:
        if not isinstance(value, (list, tuple)) or len(value) > DEPUTIES_LIMIT:
            raise ValueError(Msg("cfg_ann_deputies", n=DEPUTIES_LIMIT))
        return tuple(_settings_text(v, NAME_LIMIT) for v in value)


class AnnouncementSettings(_Strict):
    """The office's settings for the announcement (公示), the statements and the payout list
    (SPEC 13), the ``[announcement]`` table of rules.toml."""

    issuer: str = "机关服务中心"  # 发布单位
    days: int = 5  # 公示期: calendar days from the 公示 date to the end of the objection period
    contact: str = ""  # 异议受理 line, e.g. 联系电话
    budget_line: str = "机关大楼运转费"  # seed 六.4
    group: EvaluationGroup = EvaluationGroup()

    @model_validator(mode="before")
    @classmethod
    def _is_table(cls, data: Any) -> Any:
        return _settings_table(data, "announcement")

    @field_validator("issuer", "budget_line", mode="before")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return _settings_text(value, ISSUER_LIMIT, required=True)

    @field_validator("contact", mode="before")
    @classmethod
    def _contact(cls, value: Any) -> Any:
        return _settings_text(value, CONTACT_LIMIT)

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= DAYS_LIMIT:
            raise ValueError(Msg("cfg_ann_days", max=DAYS_LIMIT))
        return value
