"""Which Chinese font the PDFs embed (a subset of): the ``--font`` file, else the first found of
the usual system fonts.

Search order (the first file found wins; the own platform's fonts come first):

- Windows, in ``%WINDIR%\\Fonts`` and the user's fonts folder: ``simsun.ttc`` (宋体),
  ``msyh.ttc`` / ``msyh.ttf`` (微软雅黑), ``simhei.ttf`` (黑体);
- macOS, in ``/System/Library/Fonts`` (and ``Supplemental``), ``/Library/Fonts``,
  ``~/Library/Fonts``: ``PingFang.ttc``, ``STHeiti Light.ttc``, ``STHeiti Medium.ttc``,
  ``Songti.ttc``;
- Linux and others, anywhere under ``/usr/share/fonts``, ``/usr/local/share/fonts``,
  ``~/.local/share/fonts``, ``~/.fonts``: Noto Serif CJK, Noto Sans CJK (Debian:
  ``fonts-noto-cjk``), Source Han Serif/Sans, WenQuanYi Zen Hei, WenQuanYi Micro Hei.

In a collection (``.ttc``) the Simplified Chinese face is taken (``Noto Sans CJK SC``,
``PingFang SC``), else the first face.  None found is one :class:`ConfigError` naming ``--font``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ConfigError
from ..core.messages import Msg, Texts

__all__ = ["FontChoice", "find_font", "font_dirs", "load_font"]

WINDOWS_FONTS = ("simsun.ttc", "msyh.ttc", "msyh.ttf", "simhei.ttf")
MAC_FONTS = ("PingFang.ttc", "STHeiti Light.ttc", "STHeiti Medium.ttc", "Songti.ttc")
LINUX_FONTS = (
    "NotoSerifCJK-Regular.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSerifCJKsc-Regular.otf",
    "NotoSansCJKsc-Regular.otf",
    "NotoSerifSC-Regular.otf",
    "NotoSansSC-Regular.otf",
    "SourceHanSerifSC-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
)
_PROBE = "中"  # a font without this character is not a Chinese font


@dataclass(frozen=True)
class FontChoice:
    """A font file and the face of it to embed."""

    path: Path
    index: int = 0  # the face in a collection (.ttc)
    name: str = ""  # the face's family name


def font_dirs(platform: str | None = None, env: dict[str, str] | None = None) -> list[Path]:
    """The folders searched, the own platform's first (recursively, except Windows')."""
    platform = platform or sys.platform
    env = dict(os.environ) if env is None else env
    home = Path(env.get("USERPROFILE") or env.get("HOME") or Path.home())
    windows = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):
        windows.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    mac = [
        Path("/System/Library/Fonts"),
        Path("/Library/Fonts"),
        home / "Library" / "Fonts",
    ]
    linux = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]
    if platform.startswith("win"):
        return windows + mac + linux
    if platform == "darwin":
        return mac + linux + windows
    return linux + mac + windows


def _names(platform: str) -> tuple[str, ...]:
    if platform.startswith("win"):
        return WINDOWS_FONTS + MAC_FONTS + LINUX_FONTS
    if platform == "darwin":
        return MAC_FONTS + LINUX_FONTS + WINDOWS_FONTS
    return LINUX_FONTS + MAC_FONTS + WINDOWS_FONTS


def _files(folders: Iterable[Path], wanted: set[str]) -> dict[str, Path]:
    """The wanted font files (by lower-case name) under ``folders``, the first found of each."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                key = name.lower()
                if key in wanted and key not in found:
                    found[key] = Path(root) / name
    return found


def _face(path: Path, *, probe: bool = True) -> tuple[int, str]:
    """The face of ``path`` to use and its family name: in a collection the Simplified Chinese
    face (a family ending in ' SC', not a monospaced one), else the first.  Raises ``OSError``
    or ``ValueError`` (from fontTools) for a file that is not a font; with ``probe``,
    ``LookupError`` for a font without Chinese characters (reading the character map of a large
    CJK font takes a few tenths of a second: system fonts found by name skip it)."""
    from fontTools.ttLib import TTCollection, TTFont

    with path.open("rb") as fh:  # fontTools reads the lazy tables from it: closed after use
        collection = fh.read(4) == b"ttcf"
        fh.seek(0)
        fonts = TTCollection(fh, lazy=True).fonts if collection else [TTFont(fh, lazy=True)]
        best, best_score, best_name = 0, -1, ""
        for i, font in enumerate(fonts):
            family = str(font["name"].getBestFamilyName() or "")
            score = (2 if family.endswith(" SC") else 0) - (1 if "Mono" in family else 0)
            if score > best_score:
                best, best_score, best_name = i, score, family
        chinese = not probe or ord(_PROBE) in (fonts[best].getBestCmap() or {})
    if not chinese:
        raise LookupError(best_name)
    return best, best_name


def load_font(path: str | Path) -> FontChoice:
    """``path`` as a :class:`FontChoice` (the ``--font`` file); a missing file, a file that is
    not a font or a font without Chinese characters is a :class:`ConfigError`."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(Msg("doc_font_missing", file=path))
    try:
        index, name = _face(path)
    except LookupError:
        raise ConfigError(Msg("doc_font_bad", file=path, detail=Msg("doc_font_no_cjk"))) from None
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise ConfigError(Msg("doc_font_bad", file=path, detail=detail)) from None
    return FontChoice(path=path, index=index, name=name)


def find_font(
    font: str | Path | None = None,
    *,
    folders: Sequence[Path] | None = None,
    platform: str | None = None,
) -> FontChoice:
    """The font the PDFs use: ``font`` (the ``--font`` path) when given, else the first usable
    system font in the search order (``folders`` replaces the system folders, for tests)."""
    if font is not None:
        return load_font(font)
    platform = platform or sys.platform
    folders = list(font_dirs(platform)) if folders is None else list(folders)
    names = _names(platform)
    found = _files(folders, {n.lower() for n in names})
    for name in names:
        path = found.get(name.lower())
        if path is None:
            continue
        try:
            index, family = _face(path, probe=False)
        except Exception:  # a damaged file under a usual name: try the next
            continue
        return FontChoice(path=path, index=index, name=family)
    dirs = [str(f) for f in folders]
    searched = Texts(zh="、".join(dirs), en=", ".join(dirs))
    raise ConfigError(Msg("doc_font_none", searched=searched))
