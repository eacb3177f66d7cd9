"""``Rules`` as a commented TOML file (``init`` writes it; ``Rules.load`` reads it back equal).

Every field of :class:`Rules` is written, in the model's order, each under a comment from the
catalog; tables (``[weights]``, ``[flags_per_site]``) and arrays of tables (``[[items]]``, ...)
follow the plain keys, as TOML requires.  A field that is ``None`` (no bound) is left as a
commented example.  The quality items are written whole as ``[[items]]`` (a list replaces the seed
items), so removing or adding an item is an edit of this one file.  A table's keys carry their own
comments where the catalog has them, and its sub-tables follow it (``[announcement.group]``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .i18n import CATALOG, t
from .rules import Rules

__all__ = ["render"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if math.isnan(v):
            return "nan"
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} as TOML")  # pragma: no cover - Rules holds no such value


def _bounds(v: list[Any]) -> str:
    """``[low, high]``; TOML has no null, so a missing bound is written as -inf or inf."""
    low, high = v
    return f"[{'-inf' if low is None else _value(low)}, {'inf' if high is None else _value(high)}]"


def _comment(field: str, lang: str | None) -> list[str]:
    key = f"rules_toml.{field}"
    if key not in CATALOG:
        return []
    return [f"# {line}" for line in t(key, lang).splitlines()]


def _table(field: str, name: str, values: dict[str, Any], lang: str | None) -> list[str]:
    """``[name]`` with its keys (each under its comment ``rules_toml.<field>.<key>``, if any),
    then its sub-tables as ``[name.key]`` (``[announcement.group]``)."""
    out = [f"[{name}]"]
    subs = []
    for k, v in values.items():
        if isinstance(v, dict):
            subs.append((k, v))
        else:
            out += [*_comment(f"{field}.{k}", lang), f"{_key(k)} = {_value(v)}"]
    for k, v in subs:
        out += [
            "",
            *_comment(f"{field}.{k}", lang),
            *_table(f"{field}.{k}", f"{name}.{_key(k)}", v, lang),
        ]
    return out


def render(rules: Rules, lang: str | None = None) -> str:
    """The TOML text of ``rules`` with comments in ``lang`` (default: ``REDFLAG_LANG`` or zh)."""
    data = rules.model_dump(mode="python")
    out = [f"# {line}" for line in t("rules_toml_head", lang).splitlines()]
    tables: list[str] = []
    arrays: list[str] = []
    for field in type(rules).model_fields:
        value = data[field]
        if isinstance(value, dict):
            tables.append(field)
            continue
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
            arrays.append(field)
            continue
        out.append("")
        out.extend(_comment(field, lang))
        if value is None:
            out.append(f"# {field} =")
        elif field == "quality_bounds":
            out.append(f"{field} = {_bounds(list(value))}")
        else:
            out.append(f"{_key(field)} = {_value(value)}")
    for field in tables:
        out += ["", *_comment(field, lang), *_table(field, _key(field), data[field], lang)]
    for field in arrays:
        out += ["", *_comment(field, lang)]
        for i, entry in enumerate(data[field]):
            out += [""] if i else []
            out.append(f"[[{_key(field)}]]")
            out += [f"{_key(k)} = {_value(v)}" for k, v in entry.items()]
    return "\n".join(out) + "\n"
