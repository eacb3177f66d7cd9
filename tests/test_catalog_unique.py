"""The catalog is a dict literal edited by many hands: a key written twice would silently keep
only its last text."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import redflag_xlsx.core.i18n as i18n


def test_no_catalog_key_is_written_twice() -> None:
    tree = ast.parse(Path(i18n.__file__).read_text("utf-8"))
    keys: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys += [k.value for k in node.keys if isinstance(k, ast.Constant)]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
