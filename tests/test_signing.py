"""signing: the key (REDFLAG_SECRET, key file) and the HMAC of _meta (SPEC 8)."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.i18n import t
from redflag_xlsx.xlsx.signing import SIGNED_KEYS, canonical, load_key, sign, verify

META = {
    "format_version": "1",
    "kind": "peer",
    "period": "2026Q4",
    "roster": '{"units":[]}',
    "roster_fingerprint": "ab" * 32,
    "rater": "JG03",
    "lang": "zh",
    "generator": "redflag_xlsx 0.1.0",
}


def test_signature_is_hmac_sha256_of_the_canonical_text() -> None:
    assert SIGNED_KEYS == ("format_version", "kind", "period", "roster_fingerprint", "rater")
    text = canonical(META)
    assert (
        text
        == (
            '[["format_version","1"],["kind","peer"],["period","2026Q4"],'
            f'["roster_fingerprint","{"ab" * 32}"],["rater","JG03"]]'
        ).encode()
    )
    assert sign(META, b"k") == hmac.new(b"k", text, hashlib.sha256).hexdigest()


def test_verify_accepts_only_the_signed_values() -> None:
    signed = {**META, "signature": sign(META, b"secret")}
    assert verify(signed, b"secret")
    assert verify({**signed, "signature": signed["signature"].upper()}, b"secret")
    assert not verify(signed, b"other")
    for key in SIGNED_KEYS:  # each signed value matters
        assert not verify({**signed, key: signed[key] + "x"}, b"secret"), key
    for key in ("roster", "lang", "generator"):  # these are not signed
        assert verify({**signed, key: "changed"}, b"secret"), key
    assert not verify({**META, "signature": ""}, b"secret")
    assert not verify(META, b"secret")
    assert not verify({**signed, "signature": "不是签名"}, b"secret")


def test_values_are_compared_as_text() -> None:
    """LibreOffice may turn "1" into 1.0 in a custom property; a missing rater is ""."""
    signed = {**META, "signature": sign(META, b"k")}
    assert verify({**signed, "format_version": 1.0}, b"k")
    assert verify({**signed, "format_version": 1}, b"k")
    assert not verify({**signed, "format_version": 1.5}, b"k")
    blank = {**META, "rater": ""}
    assert sign(blank, b"k") == sign({**META, "rater": None}, b"k")
    assert sign(blank, b"k") == sign({k: v for k, v in META.items() if k != "rater"}, b"k")


def test_key_from_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "k"
    key_file.write_text("from-file\n")
    assert load_key(key_file) == b"from-file"
    monkeypatch.setenv("REDFLAG_SECRET", " 秘密 ")
    assert load_key(key_file) == "秘密".encode()
    assert load_key(tmp_path / "missing", create=True) == "秘密".encode()
    assert not (tmp_path / "missing").exists()


def test_key_file_created_with_mode_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_key() is None  # default .redflag-key, not there, not created
    assert not Path(".redflag-key").exists()
    key = load_key(create=True)
    assert key is not None and len(key) == 64 and bytes.fromhex(key.decode())
    path = tmp_path / ".redflag-key"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key() == key == load_key(path, create=True)  # read back, not replaced
    nested = tmp_path / "a" / "b" / "key"
    assert load_key(nested, create=True) == nested.read_bytes().strip()


def test_bad_key_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text(" \n")
    with pytest.raises(ConfigError) as err:
        load_key(empty)
    assert str(err.value) == t("key_empty", "zh", file=empty)
    with pytest.raises(ConfigError) as err:
        load_key(tmp_path, create=True)
    assert str(err.value) == t("key_unreadable", "zh", file=tmp_path, detail=t("key_not_a_file"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError) as err:
        load_key(blocker / "key", create=True)
    assert str(err.value).startswith(f"无法创建密钥文件“{blocker / 'key'}”：")
