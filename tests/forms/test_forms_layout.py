"""Text that fits: wrapping at the font's widths, line capacity, continuation, shrinking."""

from __future__ import annotations

from stfolio.forms.fonts import FontMetrics
from stfolio.forms.layout import NOTE_FROM, NOTE_TO, Box, fit_text, render_notes, wrap

# every character 500/1000 em: at 10 pt a character is 5 pt wide
UNIFORM = FontMetrics(
    resource="Helv",
    widths={chr(c): 500.0 for c in range(32, 256) if chr(c).isprintable()} | {"–": 500.0},
    codes={chr(c): c for c in range(32, 256) if chr(c).isprintable()} | {"–": 0x96},
)


def test_a_line_breaks_at_the_last_space_that_fits_the_width() -> None:
    # 100 pt at 5 pt a character: 20 characters a line
    text = "aaaa bbbb cccc dddd eeee ffff"
    assert wrap(text, UNIFORM, 10, 100) == ["aaaa bbbb cccc dddd", "eeee ffff"]
    assert wrap("x" * 20, UNIFORM, 10, 100) == ["x" * 20]
    assert wrap("x" * 21, UNIFORM, 10, 100) == ["x" * 20, "x"]


def test_font_size_changes_where_lines_break() -> None:
    text = "aaaa bbbb cccc dddd eeee ffff"
    assert wrap(text, UNIFORM, 5, 100) == [text]  # 2.5 pt a character: 40 a line


def test_newlines_in_the_text_start_new_lines() -> None:
    assert wrap("första\n\nandra", UNIFORM, 10, 100) == ["första", "", "andra"]


def test_capacity_counts_lines_of_the_field_height() -> None:
    assert Box(104, 70, 10, multiline=True).capacity() == 5
    assert Box(104, 62, 10, multiline=True).capacity() == 4
    assert Box(104, 28.8, 10, multiline=True).capacity() == 2
    assert Box(104, 200, 10, multiline=False).capacity() == 1


def test_text_that_fits_is_one_chunk() -> None:
    fit = fit_text("kort text", [Box(104, 70, 10, True)], UNIFORM, "continue")
    assert fit.fits
    assert fit.chunks == ((("kort text",),),)


def test_a_long_description_continues_on_a_second_copy_with_notes_both_ways() -> None:
    words = " ".join(f"ord{n:02d}" for n in range(1, 22))  # 21 words of 5 characters: 7 lines
    fit = fit_text(words, [Box(104, 70, 10, True)], UNIFORM, "continue")
    assert not fit.fits
    assert fit.copies == 2
    first, second = (chunk[0] for chunk in fit.chunks)
    # 3 words a line (17 characters), 5 lines a copy; the first copy keeps its last line for the note
    assert first == ("ord01 ord02 ord03", "ord04 ord05 ord06", "ord07 ord08 ord09", "ord10 ord11 ord12", NOTE_TO)
    assert second[0] == NOTE_FROM
    assert second[1] == "ord13 ord14 ord15"
    assert second[-1] == "ord19 ord20 ord21"
    assert render_notes(first, "", "7b")[-1] == "… (fortsättning i bilaga 7b)"
    assert render_notes(second, "7", "")[0] == "(fortsättning från bilaga 7)"


def test_no_word_is_lost_across_copies() -> None:
    words = [f"w{n}" for n in range(200)]
    fit = fit_text(" ".join(words), [Box(104, 70, 10, True)], UNIFORM, "continue")
    printed = " ".join(line for chunk in fit.chunks for line in chunk[0] if line not in (NOTE_TO, NOTE_FROM))
    assert printed.split() == words


def test_a_flow_fills_the_field_then_its_continuation_field() -> None:
    boxes = [Box(104, 70, 10, True), Box(104, 70, 10, True)]
    text = " ".join(f"ord{n:02d}" for n in range(1, 22))  # 7 lines
    fit = fit_text(text, boxes, UNIFORM, "continue")
    assert fit.copies == 1
    assert len(fit.chunks[0][0]) == 5 and len(fit.chunks[0][1]) == 2


def test_without_continuation_copies_the_text_is_shortened_visibly() -> None:
    text = " ".join(f"ord{n:02d}" for n in range(1, 31))
    fit = fit_text(text, [Box(104, 70, 10, True)], UNIFORM, "continue", continuation=False)
    assert fit.shortened and fit.copies == 1
    assert fit.chunks[0][0][-1].endswith("…")


def test_a_single_line_field_shrinks_the_font_before_it_shortens() -> None:
    box = Box(104, 20, 10, multiline=False)
    fit = fit_text("x" * 30, box and [box], UNIFORM, "shrink")  # 150 pt at 10 pt; fits at 6.5 pt
    assert not fit.shortened and fit.font_size == 6.5
    fit = fit_text("x" * 60, [box], UNIFORM, "shrink")
    assert fit.shortened and fit.chunks[0][0][0].endswith(" …")


def test_characters_the_font_lacks_are_substituted_and_reported() -> None:
    fit = fit_text("Łukasz → Växjö", [Box(300, 20, 10, False)], UNIFORM, "shrink")
    assert fit.chunks[0][0] == ("?ukasz -> Växjö",)
    assert fit.substitutions == {"Ł": "?", "→": "->"}
