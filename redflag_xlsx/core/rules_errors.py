"""A rules file's mistakes in the clerk's language, naming the key and the line (SPEC 9).

pydantic and :mod:`tomllib` describe what they refuse in English ("Input should be a valid
number", "Expected '=' after a key (at line 3, column 9)").  Here each pydantic error *type*
and each TOML error becomes a catalog message (``cfg_pyd.<type>``, ``cfg_toml.<kind>``) with the
key as the file writes it (``weights.quality``, ``items.inspection_minor.points``) and the line
where the file sets it.  A type the catalog does not know gets a general message in the chosen
language (``cfg_pyd.other``), never pydantic's English; the English column keeps pydantic's own
words beside it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pydantic import ValidationError

from .i18n import CATALOG
from .messages import Joined, Msg, Texts

__all__ = ["describe_validation", "line_of", "toml_error"]

# pydantic error types sharing one message
_SAME = {
    "float_type": "float_parsing",
    "int_type": "int_parsing",
    "int_from_float": "int_parsing",
    "bool_type": "bool_parsing",
    "tuple_type": "list_type",
    "model_type": "dict_type",
    "model_attributes_type": "dict_type",
    "finite_number": "float_parsing",
}

_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)"  # a bare or quoted key
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_DOT = re.compile(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)")  # a dot outside quotes


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in _DOT.split(dotted)]


def line_of(text: str | None, key: str) -> int | None:
    """The line (1-based) of ``text`` that sets ``key`` (dotted), or the nearest enclosing
    table or key it names; ``None`` when the file does not write it (a default)."""
    if not text:
        return None
    wanted = key.split(".")
    best: tuple[int, int] | None = None  # (parts matched, line)
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _TABLE.match(line):
            table = _parts(m.group(1))
            path = table
        elif m := _KEY.match(line):
            path = table + _parts(m.group(1))
        else:
            continue
        matched = 0
        for a, b in zip(path, wanted, strict=False):
            if a != b:
                break
            matched += 1
        if matched == len(path) and matched and (best is None or matched > best[0]):
            best = (matched, number)
    return best[1] if best else None


def _expected(ctx: dict[str, Any]) -> Texts:
    """pydantic's "'mean' or 'trimmed'", in Chinese “mean”、“trimmed”."""
    english = str(ctx.get("expected", ""))
    values = re.findall(r"'([^']*)'", english)
    return Texts("、".join(f"“{v}”" for v in values) if values else english, english)


def _detail(error: Any) -> Msg | str:
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error":  # our validators raise ValueError(Msg(...)): the catalog's text
        cause = ctx.get("error")
        args = getattr(cause, "args", ())
        if args and isinstance(args[0], Msg):
            return args[0]
        return Msg("cfg_pyd.value_error", detail=str(cause or ""))
    kind = _SAME.get(kind, kind)
    key = f"cfg_pyd.{kind}"
    if key not in CATALOG:
        return Msg("cfg_pyd.other", english=error.get("msg", ""))
    params: dict[str, Any] = {k: v for k, v in ctx.items() if isinstance(v, str | int | float)}
    if "expected" in ctx:
        params["expected"] = _expected(ctx)
    value = error.get("input")
    params.setdefault("input", value if isinstance(value, str | int | float | bool) else "")
    return Msg(key, **params)


def describe_validation(
    exc: ValidationError, source: str, data: dict[str, Any] | None = None, text: str | None = None
) -> Joined:
    """One line per error: the file, the line, the key and what is wrong with it."""
    items: Any = (data or {}).get("items")  # as the user wrote it: anything
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        if loc[:1] == ["items"] and len(loc) > 1 and isinstance(loc[1], int):
            try:  # an item by its code, as the file names it: items.inspection_minor.points
                loc[1] = str(items[loc[1]]["code"])
            except (TypeError, LookupError):
                pass
        key = ".".join(str(part) for part in loc if not isinstance(part, int)) or "?"
        where = at(source, line_of(text, key))
        if error["type"] == "extra_forbidden":
            lines.append(Msg("cfg_unknown_key", file=where, key=key))
        else:
            lines.append(Msg("cfg_bad_value", file=where, key=key, detail=_detail(error)))
    return Joined(tuple(lines))


def at(source: str, line: int | None) -> Msg | str:
    """``rules.toml`` or ``rules.toml 第 3 行``."""
    return source if line is None else Msg("cfg_at_line", file=source, line=line)


_TOML_POS = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_TOML_KINDS = {  # the start of tomllib's message -> the catalog's
    "Invalid value": "value",
    "Cannot overwrite a value": "twice",
    "Cannot declare": "twice",
    "Expected '=' after a key": "equals",
    "Expected ']' at the end of a table": "table",
    "Expected ']]' at the end of an array": "table",
    'Expected "': "quote",
    "Unterminated string": "quote",
    "Invalid initial character for a key part": "key",
    "Invalid statement": "statement",
    "Expected newline or end of document after a statement": "newline",
    "Unclosed array": "array",
    "Unclosed inline table": "inline",
    "Illegal character": "character",
    "Invalid date or datetime": "value",
}


def toml_error(exc: tomllib.TOMLDecodeError, source: str, text: str) -> Msg:
    """A TOML syntax error: the file, the line (and column) and what is wrong, from the
    catalog; tomllib's English words only in the English text."""
    message = str(exc)
    found = _TOML_POS.search(message)
    english = message[: found.start()] if found else message
    if found and found.group(1):
        line, column = int(found.group(1)), int(found.group(2))
    else:  # at the end of the document: its last line
        line, column = max(1, len(text.splitlines())), None
    kind = next((v for k, v in _TOML_KINDS.items() if english.startswith(k)), "other")
    detail = Msg(f"cfg_toml.{kind}", english=english)
    if column is None:
        return Msg("cfg_toml_line", file=source, line=line, detail=detail)
    return Msg("cfg_toml_column", file=source, line=line, column=column, detail=detail)
