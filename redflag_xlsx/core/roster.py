"""Who is rated and who rates: units and leaders (SPEC 3), with a stable fingerprint."""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from . import hooks
from .errors import ConfigError
from .messages import Msg
from .rules_errors import toml_error
from .values import normalise_text, read_rate


def clean_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def clean_code(value: Any) -> str:
    """A code as the forms read it back: NFKC ("ＪＧ０１" is JG01), no invisible characters."""
    return " ".join(normalise_text(clean_text(value)).split())


def contractor_key(name: str) -> str:
    """A 承包单位 as streaks compare it (SPEC 2.4): NFKC (full-width brackets are brackets), no
    spaces, case-folded; so a retyped name is the same contractor and another name is not."""
    return "".join(normalise_text(name).split()).casefold()


class _Person(BaseModel):
    """A unit or a leader: a code (its identity) and a name, both as the forms read them back.
    Every other text field is cleaned like the name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    _NOT_TEXT: ClassVar[frozenset[str]] = frozenset()

    code: str
    name: str

    @field_validator("*", mode="before")
    @classmethod
    def _normalise(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls._NOT_TEXT:
            return value
        return clean_code(value) if info.field_name == "code" else clean_text(value)


class Unit(_Person):
    """A rated service project.  ``code`` is its identity across quarters; names may change.

    ``contractor`` (承包单位) blank: an in-house unit such as 物业管理处工程部 (SPEC 3).
    ``baseline`` (基准满意率, optional): the unit's fixed satisfaction baseline, used with the
    rules option ``satisfaction_baseline = "fixed"`` (SPEC 2.1)."""

    _NOT_TEXT: ClassVar[frozenset[str]] = frozenset({"baseline"})

    site: str
    category: str = ""
    contractor: str = ""
    baseline: float | None = None

    @field_validator("baseline", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> float | None:
        """A rate 0-100 as the forms read one ("95", "95%", "９５．５"); blank is none."""
        if isinstance(value, str) and not value.strip():
            return None
        reading = read_rate(value)
        if not reading.ok:
            raise ValueError(Msg("roster_bad_baseline", value=clean_text(value)))
        return reading.value if isinstance(reading.value, float) else None

    @property
    def in_house(self) -> bool:
        """No 承包单位: the office's own department, rated but never tendered (SPEC 3)."""
        return not self.contractor


class Leader(_Person):
    """A leader who rates every unit."""

    title: str = ""


class Roster(BaseModel):
    """Units and leaders, in order.  Build with :meth:`load`, :meth:`sample` or the fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: tuple[Unit, ...]
    leaders: tuple[Leader, ...]

    # --- derived --------------------------------------------------------------------------
    @property
    def sites(self) -> list[str]:
        """Sites in order of first appearance."""
        return list(self._site_index)

    @functools.cached_property
    def _index(self) -> tuple[dict[str, Unit], dict[str, Leader]]:
        """Code -> unit and code -> leader, built once (the first of a code wins, as a search
        in order would find it)."""
        return (
            {u.code: u for u in reversed(self.units)},
            {ld.code: ld for ld in reversed(self.leaders)},
        )

    @functools.cached_property
    def _site_index(self) -> dict[str, tuple[Unit, ...]]:
        """Site -> its units in roster order, built once."""
        index: dict[str, list[Unit]] = {}
        for u in self.units:
            index.setdefault(u.site, []).append(u)
        return {site: tuple(units) for site, units in index.items()}

    def unit(self, code: str) -> Unit:
        return self._index[0][code]

    def has_unit(self, code: str) -> bool:
        return code in self._index[0]

    def leader(self, code: str) -> Leader:
        return self._index[1][code]

    def units_at(self, site: str) -> list[Unit]:
        return list(self._site_index.get(site, ()))

    def canonical_json(self) -> str:
        """The canonical text of the roster; its SHA-256 is the fingerprint.  A field that is
        not set (a unit without 基准满意率) is left out, so a roster that does not use an
        optional column has the text, and the fingerprint, it had before the column existed."""
        return json.dumps(
            self.model_dump(mode="json", exclude_none=True),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def sample(cls) -> Roster:
        """The embedded sample roster (8 units at 机关大楼, 4 at 行政事业中心, 5 leaders)."""
        text = (
            resources.files("redflag_xlsx").joinpath("data/sample_roster.toml").read_text("utf-8")
        )
        return cls.from_mapping(tomllib.loads(text), source="sample_roster.toml")

    @classmethod
    def from_json(cls, text: str) -> Roster:
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise ConfigError(Msg("roster_bad_json", detail=exc.errors()[0]["msg"])) from None

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "roster") -> Roster:
        """From ``{"units": [...], "leaders": [...]}`` (the TOML shape), with checks."""
        for key in data:
            if key not in ("units", "leaders"):
                raise ConfigError(Msg("cfg_unknown_key", file=source, key=key))
        units_raw = data.get("units") or []
        leaders_raw = data.get("leaders") or []
        units = [_build(Unit, row, source, "units", i) for i, row in enumerate(units_raw)]
        leaders = [_build(Leader, row, source, "leaders", i) for i, row in enumerate(leaders_raw)]
        where = [(source, "units", f"units[{i}]") for i in range(len(units))]
        lwhere = [(source, "leaders", f"leaders[{i}]") for i in range(len(leaders))]
        return cls.from_people(units, leaders, where, lwhere, source)

    @classmethod
    def load(cls, path: str | Path) -> Roster:
        """Read a roster from ``.xlsx`` (sheets 被考核单位, 评议领导) or ``.toml``."""
        path = Path(path)
        if path.exists() and not path.is_file():  # a folder, a pipe (reading would block), ...
            raise ConfigError(Msg("cfg_unreadable", file=path, detail=Msg("not_regular_file")))
        if not path.is_file():
            raise ConfigError(Msg("cfg_unreadable", file=path, detail=Msg("cfg_no_such_file")))
        suffix = path.suffix.lower()
        if suffix == ".toml":
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ConfigError(Msg("cfg_unreadable", file=path, detail=exc.reason)) from None
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(toml_error(exc, str(path), text)) from None
            return cls.from_mapping(data, source=str(path))
        if suffix in (".xlsx", ".xlsm") and hooks.roster_workbook_reader is not None:
            return hooks.roster_workbook_reader(path)
        raise ConfigError(Msg("roster_bad_format", file=path))

    @classmethod
    def from_people(cls, units, leaders, where, lwhere, source: str) -> Roster:
        if not units:
            raise ConfigError(Msg("roster_empty", file=source, what=Msg("roster_units")))
        if not leaders:
            raise ConfigError(Msg("roster_empty", file=source, what=Msg("roster_leaders")))
        seen: dict[str, str] = {}
        for people, places in ((units, where), (leaders, lwhere)):
            for person, (file, sheet, cell) in zip(people, places, strict=True):
                if person.code in seen:
                    raise ConfigError(
                        Msg(
                            "roster_duplicate_code",
                            file=file,
                            sheet=sheet,
                            cell=cell,
                            code=person.code,
                            first=seen[person.code],
                        )
                    )
                seen[person.code] = cell
        return cls(units=tuple(units), leaders=tuple(leaders))


def _build(model, row: Any, source: str, sheet: str, index: int):
    cell = f"{sheet}[{index}]"
    if not isinstance(row, dict):
        raise ConfigError(Msg("cfg_bad_value", file=source, key=cell, detail="table"))
    try:
        person = model.model_validate(row)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = f"{cell}.{'.'.join(map(str, err['loc']))}"
        if err["type"] == "extra_forbidden":
            raise ConfigError(Msg("cfg_unknown_key", file=source, key=key)) from None
        detail = err.get("ctx", {}).get("error") or err["msg"]  # our own message, not pydantic's
        raise ConfigError(Msg("cfg_bad_value", file=source, key=key, detail=detail)) from None
    for field in ("code", "name") + (("site",) if model is Unit else ()):
        if not getattr(person, field):
            raise ConfigError(Msg("roster_blank", file=source, sheet=sheet, cell=cell, field=field))
    return person
