"""What every PDF document shares: an A4 page with the embedded (subset) Chinese font, Chinese
paragraphs, tables, signature lines, and writing the file under a temporary name that is renamed
into place.  fpdf2 is imported only here, and only when a PDF is drawn.

Chinese text is wrapped here rather than by fpdf2, which breaks CJK text anywhere: a line never
starts with closing punctuation (，。、；：）」…) nor ends with opening punctuation (（「“…), and
full lines are justified by spreading the characters (as Chinese documents are set).
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ConfigError, OutputError, os_reason
from ..core.i18n import t
from ..core.messages import Msg
from .fonts import FontChoice

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["PAGE_H", "PAGE_W", "Page", "Span", "SpanNote", "text_of", "wrap", "write_pdf"]

# fpdf2 and fontTools log in English (a font's bitmap tables not subset, a missing glyph, which
# check_glyphs refuses first); with no handler of the application's they would reach stderr
for _name in ("fpdf", "fontTools"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
FAMILY = "cjk"
PT = 25.4 / 72  # one point in mm
# never at the start of a line / never at the end of one (GB/T 15834 and common practice)
NO_START = set("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}％")
NO_END = set("（《「『【〔〈“‘([{")
# a title breaks after these when it can (at a phrase's end, not inside a word)
PHRASE_END = set("”’）》」』】，、：；,;:")


class Span(str):
    """A table row of one cell across every column (a section heading inside a table)."""

    __slots__ = ()


class SpanNote(Span):
    """A :class:`Span` row that is a remark (no shading, centred), e.g. 本季度无获旗单位."""

    __slots__ = ()


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 or ch in NO_START or ch in NO_END


def wrap(
    text: str,
    width: float,
    measure: Callable[[str], float],
    indent: float = 0.0,
    *,
    phrases: bool = False,
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first ``indent`` narrower).

    A CJK character may break anywhere, a run of Latin letters and digits only at its ends;
    closing punctuation is never at a line's start and opening punctuation never at its end
    (the character before moves down with it).  A line break in ``text`` starts a new line; a
    word wider than a whole line is cut.
    With ``phrases`` (titles), a line rather ends after a closing quote or bracket, a comma or a
    space in its second half.
    """
    lines: list[str] = []
    for part in text.split("\n"):
        tokens: list[str] = []
        for ch in part:
            if tokens and not _is_wide(ch) and not ch.isspace():
                last = tokens[-1]
                if not _is_wide(last[-1]) and not last[-1].isspace():
                    tokens[-1] += ch
                    continue
            tokens.append(ch)
        line = ""
        for tok in tokens:
            limit = width - indent if not lines else width
            if not line or measure(line + tok) <= limit:
                line += tok
                continue
            head, carry = line, tok
            # kinsoku: pull the last character(s) down with a closing mark, push an opening
            # mark at the end down to the next line
            while carry[0] in NO_START and len(head) > 1:
                head, carry = head[:-1], head[-1] + carry
            while head and head[-1] in NO_END and len(head) > 1:
                head, carry = head[:-1], head[-1] + carry
            if phrases:  # after punctuation in the line's second half, else after a space
                for ends in (PHRASE_END, {" "}):
                    cut = max((i + 1 for i, ch in enumerate(head) if ch in ends), default=0)
                    if len(head) // 2 < cut < len(head):
                        head, carry = head[:cut], head[cut:] + carry
                        break
            lines += _fit(head.rstrip(), limit, measure)
            line = carry.lstrip()
        lines += _fit(line.rstrip(), width - indent if not lines else width, measure)
    return lines


def _fit(line: str, limit: float, measure: Callable[[str], float]) -> list[str]:
    """``line``, or pieces of it when one word alone is wider than the line (a long number or
    address): cut between characters."""
    pieces = [""]
    for ch in line:
        if pieces[-1] and measure(pieces[-1] + ch) > limit:
            pieces.append("")
        pieces[-1] += ch
    return pieces


def text_of(value: Any) -> Iterable[str]:
    """Every string inside a content model (as dumped), for the glyph check."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from text_of(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from text_of(v)


class Page:
    """An fpdf2 document in the one Chinese font, with the few things the documents draw.
    ``scale`` shrinks every size (the announcement shrinks to stay on one page)."""

    def __init__(
        self,
        font: FontChoice,
        *,
        title: str,
        author: str,
        lang: str,
        date: _dt.date,
        margins: tuple[float, float, float, float] = (25, 22, 25, 20),  # left, top, right, bottom
        landscape: bool = False,
        scale: float = 1.0,
        header: Callable[[Page], None] | None = None,
    ) -> None:
        from fpdf import FPDF

        page = self

        class _Doc(FPDF):
            def header(self) -> None:  # fpdf2 calls it on every new page
                if header is not None:
                    header(page)

        self.scale = scale
        self.font = font
        self.lang = lang
        self.pdf: FPDF = _Doc(orientation="L" if landscape else "P", format="A4", unit="mm")
        left, top, right, bottom = margins
        self.pdf.set_margins(left, top, right)
        self.pdf.set_auto_page_break(True, margin=bottom)
        self.pdf.c_margin = 0  # text starts at the margin: wrap() measures from it
        try:
            _add_font(self.pdf, font)
        except Exception as exc:  # fpdf2 cannot embed this font file
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise ConfigError(Msg("doc_font_bad", file=font.path, detail=detail)) from None
        self.pdf.set_title(title)
        self.pdf.set_author(author)
        self.pdf.set_creator("redflag_xlsx")
        self.pdf.set_lang("en" if lang == "en" else "zh-CN")
        # deterministic output: the same content gives the same file
        self.pdf.set_creation_date(_dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC))
        self.set_size(11)

    # --- glyphs, sizes ----------------------------------------------------------------------
    def check_glyphs(self, texts: Iterable[str]) -> None:
        """Refuse text the font cannot show (it would print as empty boxes)."""
        cmap = getattr(self.pdf.fonts[FAMILY], "cmap", {})
        missing: list[str] = []
        for text in texts:
            for ch in text:
                if ch not in missing and ch not in "\n\r\t" and ord(ch) not in cmap:
                    missing.append(ch)
        if missing:
            chars = " ".join(f"{ch}(U+{ord(ch):04X})" for ch in missing[:20])
            raise ConfigError(Msg("doc_font_glyphs", file=self.font.path, chars=chars))

    def set_size(self, pt: float) -> float:
        """Set the font size (before scaling) and return the scaled size in points."""
        size = pt * self.scale
        self.pdf.set_font(FAMILY, size=size)
        return size

    def measure(self, text: str) -> float:
        """How wide ``text`` is in the current font and size, in mm: what fpdf2's
        ``get_string_width`` says (the same sum, the same order), without its parsing of the
        text into fragments on every call -- wrapping a statement's tables measures thousands of
        pieces.  With letter spacing or stretching set, fpdf2 itself is asked."""
        pdf = self.pdf
        font: Any = pdf.current_font
        if pdf.char_spacing or pdf.font_stretching != 100 or getattr(font, "is_symbol", True):
            return pdf.get_string_width(text)
        cw = font.cw
        return sum(cw[ord(ch)] for ch in text) * pdf.font_size_pt * 0.001 / pdf.k

    @property
    def width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    @property
    def body_height(self) -> float:
        """The height a page holds between its margins."""
        return self.pdf.h - self.pdf.t_margin - self.pdf.b_margin

    @property
    def used_height(self) -> float:
        """How far down the current page the content reaches."""
        return self.pdf.get_y() - self.pdf.t_margin

    def space(self, mm: float) -> None:
        self.pdf.ln(mm * self.scale)

    def new_page(self) -> None:
        self.pdf.add_page()

    @property
    def pages(self) -> int:
        return self.pdf.page_no()

    # --- text -------------------------------------------------------------------------------
    def lines(
        self,
        text: str,
        pt: float,
        *,
        align: str = "J",
        indent_chars: float = 0,
        leading: float = 1.6,
        bold: bool = False,
        left: float = 0.0,
    ) -> None:
        """A paragraph: wrapped, the first line indented by ``indent_chars`` characters, full
        lines justified (``J``), or every line centred (``C``) or right-aligned (``R``)."""
        size = self.set_size(pt)
        em = size * PT
        width = self.width - left
        height = em * leading
        indent = indent_chars * em
        rows = wrap(text, width, self.measure, indent, phrases=align == "C")
        x0 = self.pdf.l_margin + left
        for i, row in enumerate(rows):
            first = indent if i == 0 else 0.0
            spacing = 0.0
            if align == "J" and i < len(rows) - 1 and len(row) > 1:
                spare = width - first - self.measure(row)
                spacing = max(0.0, spare / (len(row) - 1)) if spare < em * 2 else 0.0
            self.pdf.set_x(x0 + first)
            self.pdf.set_char_spacing(spacing / PT)
            cell_align = {"C": "C", "R": "R"}.get(align, "L")
            self._text(row, width - first, height, cell_align, bold)
            self.pdf.set_char_spacing(0)

    def closing(
        self, texts: Sequence[str], pt: float, *, right_chars: float = 2, leading: float = 1.7
    ) -> None:
        """The issuer over the date, as a notice ends: each line centred in a block as wide as
        the widest, the block ``right_chars`` characters from the right margin."""
        size = self.set_size(pt)
        em = size * PT
        block = max(self.measure(text) for text in texts)
        x = self.pdf.l_margin + self.width - right_chars * em - block
        for text in texts:
            self.pdf.set_x(x)
            self._text(text, block, em * leading, "C", False)

    def _text(self, text: str, width: float, height: float, align: str, bold: bool) -> None:
        from fpdf.enums import TextMode, XPos, YPos

        if bold:  # the CJK fonts have one weight: stroke the outline for a bold title
            with self.pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.02 * height):
                self.pdf.cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            self.pdf.cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(
        self,
        columns: Sequence[str] | None,
        rows: Sequence[Sequence[str] | Span],
        widths: Sequence[float],
        aligns: Sequence[str],
        pt: float,
        *,
        line_height: float = 1.5,
        header_fill: int = 230,
    ) -> None:
        """A bordered table (``columns`` as its header row, shaded), cells wrapped by character,
        ``widths`` relative, ``aligns`` per column (L, C, R); a :class:`Span` row is one cell
        across the table, left-aligned and lightly shaded."""
        size = self.set_size(pt)
        pad_v, pad_h = 0.8 * self.scale, 1.2 * self.scale
        line_h = size * PT * line_height
        total = sum(widths)
        col_w = [self.width * w / total for w in widths]
        # each cell wrapped here (kinsoku), a little inside the cell's padding
        inner = [w - 2 * pad_h - 0.8 for w in col_w]
        measure = self.measure

        def cells(values: Sequence[str] | Span, head: bool) -> list[tuple[float, list[str], str]]:
            if isinstance(values, Span):
                lines = wrap(str(values), sum(inner), measure)
                return [(self.width, lines, "C" if isinstance(values, SpanNote) else "L")]
            return [
                (w, wrap(v if head else v.replace("\n", " "), room, measure), "C" if head else a)
                for v, w, room, a in zip(values, col_w, inner, aligns, strict=True)
            ]

        def height(row: list[tuple[float, list[str], str]]) -> float:
            return max(max(len(lines), 1) for _, lines, _ in row) * line_h + 2 * pad_v

        def draw(row: list[tuple[float, list[str], str]], fill: int | None) -> None:
            y, x, h = self.pdf.get_y(), self.pdf.l_margin, height(row)
            if fill is not None:
                self.pdf.set_fill_color(fill)
            for w, lines, align in row:
                self.pdf.rect(x, y, w, h, style="DF" if fill is not None else "D")
                top = y + (h - len(lines) * line_h) / 2
                for k, text in enumerate(lines):
                    self.pdf.set_xy(x + pad_h, top + k * line_h)
                    self.pdf.cell(w - 2 * pad_h, line_h, text, align=align)
                x += w
            self.pdf.set_xy(self.pdf.l_margin, y + h)

        def fits(h: float) -> bool:
            return self.pdf.get_y() + h <= self.pdf.page_break_trigger

        head = cells(columns, True) if columns else None
        body = [(cells(values, False), values) for values in rows]
        if head is not None and body and not fits(height(head) + height(body[0][0])):
            self.new_page()  # never the header row alone at the foot of a page
        if head is not None:
            draw(head, header_fill)
        for row, values in body:
            if not fits(height(row)):
                self.new_page()
                if head is not None:  # the header row again on top of the next page
                    draw(head, header_fill)
            span = isinstance(values, Span) and not isinstance(values, SpanNote)
            draw(row, 245 if span else None)

    def signature(
        self, items: Sequence[tuple[str, Sequence[str]]], pt: float, *, spread: bool = False
    ) -> None:
        """``role：name`` pairs on one line (``spread``: evenly across it); a blank name is a
        line to sign on."""
        size = self.set_size(pt)
        em = size * PT
        blank = 6 * em
        height = em * 2.2
        if self.pdf.will_page_break(height):  # the whole line on the next page, not cell by cell
            self.pdf.add_page()
        y = self.pdf.get_y()
        x = self.pdf.l_margin
        for n, (role, names) in enumerate(items):
            if spread:
                x = self.pdf.l_margin + n * self.width / len(items)
            label = role + t("doc_colon", self.lang)
            self.pdf.set_xy(x, y)
            self.pdf.cell(self.measure(label), height, label)
            x += self.measure(label)
            for name in names:
                w = max(blank, self.measure(name) + em)
                self.pdf.set_xy(x, y)
                self.pdf.cell(w, height, name, align="C")
                if not name:
                    self.pdf.line(x, y + height * 0.75, x + w, y + height * 0.75)
                x += w + em
            x += em
        self.pdf.set_xy(self.pdf.l_margin, y + height)

    def output(self) -> bytes:
        """The PDF's bytes; the font file is closed."""
        try:
            return bytes(self.pdf.output())
        finally:
            self.close()

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the font files fpdf2 keeps open (it reads glyphs lazily until the output)."""
        for font in self.pdf.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()


# fpdf2 drops these tables from the embedded subset; fontTools' subsetter still reads the layout
# tables of a big CJK font before dropping them (a sixth of a document's time)
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "MATH", "JSTF")
# the fonts fpdf2 has read in this process, each as a prototype without its fontTools file
_LOADED: dict[tuple[str, int, int, int], Any] = {}


def _add_font(pdf: FPDF, font: FontChoice) -> None:
    """``font`` added to ``pdf`` under :data:`FAMILY`.

    fpdf2's ``add_font`` reads the whole character map and every glyph's width, half a second
    for a CJK font, and each of a run's three documents would read it again.  The first reading
    is kept (:data:`_LOADED`, keyed by the file, its face, size and modification time) and every
    later document gets a copy of it with its own fontTools file and its own glyph subset: the
    output subsets that file in place, and each document embeds only the glyphs it shows, so a
    document's bytes do not depend on what was drawn before it.
    """
    import copy

    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    stat = os.stat(font.path)
    key = (str(font.path), font.index, stat.st_size, stat.st_mtime_ns)
    proto = _LOADED.get(key)
    if proto is None:
        pdf.add_font(FAMILY, "", str(font.path), collection_font_number=font.index)
        added: Any = pdf.fonts[FAMILY]  # a TTFFont (fpdf2 types it as a union with CoreFont)
        _prepare(added.ttfont)
        if _has_fallback_notdef(added):  # its box, which the output no longer works out
            glyf = added.ttfont["glyf"]
            glyf[".notdef"].recalcBounds(glyf)
        elif added.color_font is None:
            proto = copy.copy(added)
            proto.ttfont = None
            proto.subset = None
            _LOADED[key] = proto
        return
    clone = copy.copy(proto)
    clone.ttfont = ttLib.TTFont(font.path, recalcTimestamp=False, fontNumber=font.index, lazy=True)
    _prepare(clone.ttfont)
    clone.i = len(pdf.fonts) + 1
    clone.subset = SubsetMap(clone)
    clone.missing_glyphs = []
    clone.biggest_size_pt = 0
    clone._hbfont = None
    pdf.fonts[FAMILY] = clone
    if clone.is_cff and clone.is_cid_keyed:  # as add_font does
        pdf._set_min_pdf_version("1.6")


def _prepare(ttfont: Any) -> None:
    # the subset keeps the whole font's bounding boxes (a valid superset): working out every
    # subset glyph's outline box again took a third of the time of a document
    ttfont.recalcBBoxes = False
    for tag in _UNUSED_TABLES:
        if tag in ttfont:
            del ttfont[tag]


def _has_fallback_notdef(added: Any) -> bool:
    """Whether fpdf2 drew a .notdef glyph into this TrueType font (it lacks one): a fresh copy
    of the file would lack it again, so such a font is read anew for every document."""
    ttfont = added.ttfont
    if "glyf" not in ttfont:
        return False
    from fontTools import ttLib

    fresh = ttLib.TTFont(added.ttffile, fontNumber=added.collection_font_number, lazy=True)
    try:
        return ".notdef" not in fresh.getGlyphOrder()
    finally:
        fresh.close()


def write_pdf(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target``: under a temporary name in the same folder first, renamed
    into place when complete (an existing file is replaced).  A folder that cannot be created or
    a file that cannot be written (read-only folder, full disk, a file open in a reader on
    Windows) raises :class:`OutputError` naming the file; the temporary file is removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Msg("out_dir_failed", dir=target.parent, detail=os_reason(exc))) from None
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.pdf")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(Msg("doc_write_failed", file=target, detail=os_reason(exc))) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
