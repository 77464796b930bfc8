"""Fit text into a field: wrap it to the field's width with the font's own widths, count
the lines the field holds, and say what does not fit.

Nothing is ever cut silently. A field whose mapping says ``overflow: continue`` splits its
text into chunks, one per copy of the form (the continuation bilagor), with a note line
at the end of each chunk but the last and at the start of each continuation. A field that
says ``overflow: shrink`` first gets a smaller font; if even the smallest does not hold
the text, it is shortened with a visible "…" and the result says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stfolio.forms.fonts import FontMetrics

PADDING = 2.0  # points between the widget's edge and the text, as Acrobat draws it
LEADING = 1.2  # line height as a multiple of the font size
MIN_FONT_SIZE = 6.0
ELLIPSIS = " …"
NOTE_TO = "… (fortsättning i bilaga {label})"
NOTE_FROM = "(fortsättning från bilaga {label})"


@dataclass(frozen=True)
class Box:
    """The text area of one widget: size in points, font size, and whether it wraps."""

    width: float
    height: float
    font_size: float
    multiline: bool
    max_length: int | None = None

    def usable_width(self) -> float:
        return max(self.width - 2 * PADDING, 1.0)

    def capacity(self, size: float | None = None) -> int:
        """How many lines of ``size`` points the box holds (at least 1)."""
        size = self.font_size if size is None else size
        if not self.multiline:
            return 1
        first = size * (0.9 + 0.25)  # a line's glyphs: ascent of Å plus descent
        spare = self.height - 2 * PADDING - first
        return max(1, 1 + math.floor(spare / (size * LEADING) + 1e-6))


@dataclass(frozen=True)
class Fit:
    """How a text goes into a field (or a flow of fields) across copies of the form.

    ``chunks[i]`` is the list of lines per field box on copy ``i`` (one inner list per box
    of the flow, usually one). ``fits`` is True when one copy holds it all, unshortened.
    Note lines are marked by ``notes_to``/``notes_from`` indexes rather than written, since
    the labels of continuation copies are the caller's: ``render_notes`` writes them.
    """

    text: str  # the text as printed (after character substitutions)
    font_size: float
    chunks: tuple[tuple[tuple[str, ...], ...], ...]
    shortened: bool
    substitutions: dict[str, str]

    @property
    def copies(self) -> int:
        return len(self.chunks)

    @property
    def fits(self) -> bool:
        return self.copies == 1 and not self.shortened


def wrap(text: str, metrics: FontMetrics, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, at spaces where possible.

    Newlines in the text start new lines; a word wider than the line is broken inside
    (a URL or a long compound), since it has to print somewhere.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = word if not line else f"{line} {word}"
            if metrics.width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
                line = ""
            while metrics.width(word, size) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and metrics.width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line.rstrip())
    while len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _shorten(lines: list[str], keep: int, metrics: FontMetrics, size: float, width: float) -> list[str]:
    kept = lines[:keep]
    last = kept[-1] if kept else ""
    while last and metrics.width(last + ELLIPSIS, size) > width:
        last = last[:-1]
    kept[-1:] = [(last.rstrip() + ELLIPSIS).lstrip()]
    return kept


def _split_flow(lines: list[str], capacities: list[int], continuation: bool) -> list[list[list[str]]]:
    """Deal lines into copies of the flow's boxes, reserving note lines when a copy continues."""
    per_copy = sum(capacities)
    if len(lines) <= per_copy:
        return [_deal(lines, capacities)]
    copies: list[list[list[str]]] = []
    rest = list(lines)
    first = True
    while rest:
        room = per_copy - (0 if first else 1)  # a continuation opens with its NOTE_FROM line
        last = len(rest) <= room
        take = room if last else room - 1  # and every copy but the last closes with NOTE_TO
        if take < 1:
            take = 1
        chunk = ([] if first else [NOTE_FROM]) + rest[:take] + ([] if last else [NOTE_TO])
        copies.append(_deal(chunk, capacities))
        rest = rest[take:]
        first = False
    return copies


def _deal(lines: list[str], capacities: list[int]) -> list[list[str]]:
    boxes: list[list[str]] = []
    start = 0
    for capacity in capacities:
        boxes.append(lines[start : start + capacity])
        start += capacity
    return boxes


def fit_text(
    text: str,
    boxes: list[Box],
    metrics: FontMetrics,
    overflow: str,
    continuation: bool = True,
    min_font_size: float = MIN_FONT_SIZE,
) -> Fit:
    """Fit ``text`` into a flow of ``boxes`` (one box, or a field and its continuation field).

    ``overflow='continue'`` keeps the font size and splits across copies when
    ``continuation`` is allowed (else it shortens with a note); ``'shrink'`` steps the
    font size down to ``min_font_size`` and then shortens.
    """
    printable, substitutions = metrics.printable(text.strip())
    box = boxes[0]
    if not box.multiline:
        printable = " ".join(printable.split())
    shortened = False
    if box.max_length is not None and len(printable) > box.max_length:
        printable = printable[: max(box.max_length - 1, 0)] + "…"
        shortened = True
    size = box.font_size
    if overflow == "continue":
        width = min(b.usable_width() for b in boxes)
        lines = wrap(printable, metrics, size, width)
        capacities = [b.capacity(size) for b in boxes]
        if len(lines) > sum(capacities) and not continuation:
            note_room = sum(capacities) - 1
            lines = _shorten(lines, max(note_room, 1), metrics, size, width)
            shortened = True
        copies = _split_flow(lines, capacities, continuation)
        return Fit(printable, size, tuple(tuple(tuple(b) for b in c) for c in copies), shortened, substitutions)
    while True:
        width = box.usable_width()
        lines = wrap(printable, metrics, size, width) if box.multiline else [printable]
        fits = len(lines) <= box.capacity(size) and all(metrics.width(line, size) <= width for line in lines)
        if fits:
            return Fit(printable, size, (((*lines,),),), shortened, substitutions)
        if size - 0.5 < min_font_size:
            break
        size -= 0.5
    if box.multiline:
        lines = _shorten(lines, box.capacity(size), metrics, size, width)
    else:
        lines = _shorten([printable], 1, metrics, size, width)
    return Fit(printable, size, (((*lines,),),), True, substitutions)


def render_notes(lines: tuple[str, ...], previous: str, following: str) -> tuple[str, ...]:
    """Write the continuation labels into a chunk's note lines."""
    out = []
    for line in lines:
        if line == NOTE_TO:
            out.append(NOTE_TO.format(label=following) if following else "… (fortsättning på nästa blankett)")
        elif line == NOTE_FROM:
            out.append(NOTE_FROM.format(label=previous) if previous else "(fortsättning från föregående blankett)")
        else:
            out.append(line)
    return tuple(out)
