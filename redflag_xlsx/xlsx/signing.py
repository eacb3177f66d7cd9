"""The office's secret key and the HMAC signature of a form's ``_meta`` (SPEC 8).

A form is signed over ``SIGNED_KEYS`` only (format version, kind, period, roster fingerprint,
rater): a unit cannot hand in a form under another unit's code, or for another roster or quarter,
without the key.  The key comes from ``REDFLAG_SECRET``, else from a key file (default
``.redflag-key`` in the working folder), which ``build-template`` creates on first use.

Canonical form of the signed text: the JSON array ``[[key, value], ...]`` in ``SIGNED_KEYS``
order, UTF-8, no spaces (``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``); every
value as text (a missing key is ``""``; a number that LibreOffice turned into ``1.0`` counts as
``"1"``).  Standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ..core.errors import ConfigError
from ..core.messages import Msg

SIGNED_KEYS = ("format_version", "kind", "period", "roster_fingerprint", "rater")
ENV_VAR = "REDFLAG_SECRET"
DEFAULT_KEY_FILE = Path(".redflag-key")

__all__ = [
    "DEFAULT_KEY_FILE",
    "ENV_VAR",
    "SIGNED_KEYS",
    "canonical",
    "load_key",
    "sign",
    "verify",
]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def canonical(meta: Mapping[str, object]) -> bytes:
    """The exact bytes that are signed: the ``SIGNED_KEYS`` values of ``meta``, as text."""
    pairs = [[key, _text(meta.get(key))] for key in SIGNED_KEYS]
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(meta: Mapping[str, object], key: bytes) -> str:
    """Hex HMAC-SHA256 of :func:`canonical` ``(meta)`` with ``key``."""
    return hmac.new(key, canonical(meta), hashlib.sha256).hexdigest()


def verify(meta: Mapping[str, object], key: bytes) -> bool:
    """Whether ``meta["signature"]`` is the signature of ``meta`` with ``key``."""
    given = _text(meta.get("signature")).lower()
    if not given:
        return False
    return hmac.compare_digest(given.encode("ascii", "replace"), sign(meta, key).encode("ascii"))


def load_key(key_file: Path | None = None, *, create: bool = False) -> bytes | None:
    """The secret key: ``REDFLAG_SECRET`` if set, else the key file's content (stripped).

    ``key_file`` defaults to ``.redflag-key`` in the working folder.  When the file is missing,
    ``create=True`` writes a new random key (64 hex digits) with mode 0600 and returns it;
    otherwise the result is ``None`` (no key: forms are unsigned, tally warns ``W_UNSIGNED``).
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env.encode("utf-8")
    path = Path(key_file) if key_file is not None else DEFAULT_KEY_FILE
    if path.is_file():
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise ConfigError(Msg("key_unreadable", file=path, detail=exc.strerror)) from None
        if not key:
            raise ConfigError(Msg("key_empty", file=path))
        return key
    if path.exists():  # a folder, say
        raise ConfigError(Msg("key_unreadable", file=path, detail=Msg("key_not_a_file")))
    if not create:
        return None
    key = secrets.token_hex(32).encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
    except OSError as exc:
        raise ConfigError(Msg("key_create_failed", file=path, detail=exc.strerror)) from None
    try:
        os.chmod(path, 0o600)  # the umask may have widened nothing, but be explicit
    except OSError:  # pragma: no cover - Windows: best effort
        pass
    return key
