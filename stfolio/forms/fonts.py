"""Measure and encode text in a blank's own fonts.

The blanks embed their text font whole (Century Gothic, 2021 forms with MacRoman
encoding, 2015 forms with WinAnsi), with a ``/Widths`` table for all 256 codes. Writing
the appearance stream in that font keeps the filled form looking like Socialstyrelsen's,
and measuring with the same widths is what makes wrapping exact: the text breaks where it
would print. A character the font's encoding has no code for is not dropped: it is
replaced by a close ASCII spelling (or ``?``) in the printed appearance only, and the
substitution is reported, while the field's value keeps the exact text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from pypdf.generic import ArrayObject, DictionaryObject, NameObject

# pypdf ships the Adobe glyph list and the standard encodings; they are not public API,
# so the import is guarded and Python's own codecs stand in if pypdf moves them.
try:
    from pypdf._codecs import adobe_glyphs as _GLYPHS
    from pypdf._codecs import charset_encoding as _CHARSETS
except ImportError:  # pragma: no cover - only with a pypdf that moved its tables
    _GLYPHS = {}
    _CHARSETS = {}

# Spellings for characters a Latin-1-ish font lacks. Swedish text needs none of these
# (å ä ö é – are in both WinAnsi and MacRoman); they cover what people paste in.
_ASCII_SPELLINGS = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2248": "~",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
}


def _base_encoding(name: str) -> dict[int, str]:
    table = _CHARSETS.get(name)
    if table is not None:
        return {code: char for code, char in enumerate(table) if char != "\x00"}
    codec = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}.get(name, "latin-1")
    result: dict[int, str] = {}
    for code in range(32, 256):
        try:
            result[code] = bytes((code,)).decode(codec)
        except UnicodeDecodeError:
            continue
    return result


def _glyph_char(glyph: str) -> str | None:
    if glyph in _GLYPHS:
        return str(_GLYPHS[glyph])
    bare = glyph.lstrip("/")
    if bare.startswith("uni") and len(bare) == 7:
        try:
            return chr(int(bare[3:], 16))
        except ValueError:
            return None
    return bare if len(bare) == 1 else None


def code_map(font: DictionaryObject) -> dict[int, str]:
    """Character code → Unicode character, from the font's /Encoding (base + /Differences)."""
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    default = "/StandardEncoding" if font.get("/Subtype") == "/Type1" else "/WinAnsiEncoding"
    if isinstance(encoding, DictionaryObject):
        codes = _base_encoding(str(encoding.get("/BaseEncoding", default)))
        code = 0
        for item in encoding.get("/Differences", None) or ArrayObject():
            item = item.get_object()
            if isinstance(item, NameObject):
                char = _glyph_char(str(item))
                if char is not None:
                    codes[code] = char
                else:
                    codes.pop(code, None)
                code += 1
            else:
                code = int(item)
        return codes
    return _base_encoding(str(encoding) if encoding is not None else default)


@dataclass(frozen=True)
class FontMetrics:
    """What wrapping and appearance streams need of one font resource of a blank.

    Widths are in text-space units (1/1000 em); ``encode`` turns text into the byte codes
    the font expects. ``resource`` is the font's name in the blank's /DR (no slash).
    """

    resource: str
    widths: dict[str, float]  # character → width, for characters the font can print
    codes: dict[str, int]  # character → byte code
    ascent: float = 900.0
    descent: float = -210.0
    default_width: float = 600.0
    substitutions: dict[str, str] = field(default_factory=dict, compare=False)

    def can_print(self, char: str) -> bool:
        return char in self.codes

    def printable(self, text: str) -> tuple[str, dict[str, str]]:
        """The text as this font can print it, and the substitutions made (char → spelling)."""
        out: list[str] = []
        made: dict[str, str] = {}
        for char in text:
            if char in self.codes or char == "\n":
                out.append(char)
                continue
            spelling = _ASCII_SPELLINGS.get(char)
            if spelling is None:
                decomposed = unicodedata.normalize("NFKD", char)
                stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
                spelling = stripped if stripped and all(c in self.codes for c in stripped) else "?"
            if not all(c in self.codes for c in spelling):
                spelling = "?" if "?" in self.codes else ""
            made[char] = spelling
            out.append(spelling)
        return "".join(out), made

    def width(self, text: str, size: float) -> float:
        """Width in points of ``text`` (already printable) at ``size`` points."""
        return sum(self.widths.get(c, self.default_width) for c in text) * size / 1000.0

    def encode(self, text: str) -> bytes:
        return bytes(self.codes[c] for c in text if c in self.codes)


def metrics_from_font(resource: str, font: DictionaryObject) -> FontMetrics | None:
    """Metrics of a simple font with a /Widths table; None when the blank gives no widths.

    A standard-14 font named without widths (the blanks' ``/Helv``) cannot be measured
    exactly, so the caller renders such a field in the blank's measured text font instead.
    """
    if "/Widths" not in font or font.get("/Subtype") not in ("/TrueType", "/Type1"):
        return None
    first = int(font.get("/FirstChar", 0))
    raw_widths = font["/Widths"].get_object()
    if not isinstance(raw_widths, ArrayObject):
        return None
    widths_array = [float(w) for w in raw_widths]
    codes = code_map(font)
    widths: dict[str, float] = {}
    char_codes: dict[str, int] = {}
    for code, char in sorted(codes.items()):
        index = code - first
        if 0 <= index < len(widths_array) and widths_array[index] > 0 and char not in char_codes:
            if code < 32 and char.isprintable() is False:
                continue
            widths[char] = widths_array[index]
            char_codes[char] = code
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else DictionaryObject()
    ascent = float(descriptor.get("/Ascent", 900) or 900)
    descent = float(descriptor.get("/Descent", -210) or -210)
    average = sum(widths.values()) / len(widths) if widths else 600.0
    return FontMetrics(
        resource=resource,
        widths=widths,
        codes=char_codes,
        ascent=ascent,
        descent=descent,
        default_width=max(widths.values(), default=average),
    )
