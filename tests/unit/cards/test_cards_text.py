"""The card stays real text, every script is drawn by a font that has it, or refused up front."""

from __future__ import annotations

import io

import pytest
from cards_pdf import glyph_ops
from pypdf import PdfReader

from refdesk.cards import CardSpec, Message, plan_pages, render_pdf, write_pdf
from refdesk.cards.fonts import face_named
from refdesk.errors import RefdeskError


def extracted(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
def test_extracted_text_equals_the_message(style, message):
    pdf = render_pdf([CardSpec(message, "Fred", style=style, seed=9, date_line="May 2, 2025")])
    assert words(extracted(pdf)[0]) == words("May 2, 2025\n" + message)


def test_message_blocks_are_recognised_from_plain_text(message):
    m = Message.from_text(message)
    assert m.greeting == "Dear Fred,"
    assert m.sign_off == "Thanks again,\nSam"
    assert m.body.startswith("Thank you for introducing me")
    inline = Message.from_text("Hi Ann,\nGreat to see you.\nBest,\nSam")
    assert (inline.greeting, inline.body, inline.sign_off) == ("Hi Ann,", "Great to see you.",
                                                              "Best,\nSam")


SAMPLES = {
    "polish": ("Dziękuję, Łukaszu! Zażółć gęślą jaźń.", {"ę", "Ł", "ż", "ó", "ś", "ź", "ń"}),
    "vietnamese": ("Cảm ơn anh rất nhiều, Nguyễn Thị Hồng.", {"ả", "ơ", "ấ", "ễ", "ồ"}),
    "greek": ("Ευχαριστώ πολύ, Γιώργο!", {"Ε", "υ", "ώ", "Γ"}),
    "cyrillic": ("Спасибо большое, Дмитрий!", {"С", "п", "б", "Д", "й"}),
}


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_missing_letters_come_from_a_shipped_fallback_font(script, style):
    text, letters = SAMPLES[script]
    spec = CardSpec(f"Dear Ann,\n\n{text}\n\nSam", "Ann", style=style, seed=4)
    side = plan_pages([spec])[0].sides[0]
    style_faces = {p.name for p in _style_faces(style)}
    fallback_used = set()
    for glyph in side.glyphs:
        face = face_named(glyph.font)
        assert face.covers(glyph.text), f"{glyph.text!r} would be a blank or a box"
        if glyph.text in letters and face.name not in style_faces:
            fallback_used.add(face.ps_name)
    assert fallback_used, "expected the hand to lack some of these letters"
    pdf = render_pdf([spec])
    pdf_fonts = {op.font for op in glyph_ops(pdf)}
    assert fallback_used <= pdf_fonts
    assert pdf_fonts & {"Andika", "Andika-Italic", "DejaVuSans"}
    assert words(extracted(pdf)[0]) == words(spec.message)


def _style_faces(style):
    from refdesk.cards.fonts import StyleRegistry

    return StyleRegistry().get(style).faces


def test_emoji_is_refused_before_printing_and_no_file_is_written(tmp_path):
    out = tmp_path / "card.pdf"
    spec = CardSpec("Dear Fred,\n\nCongratulations 🎉 on the launch!\n\nSam", "Fred")
    with pytest.raises(RefdeskError) as err:
        write_pdf([CardSpec("Dear Ann,\n\nThanks!", "Ann"), spec], out)
    assert 'cannot draw "🎉" (U+1F389) in line 3' in str(err.value)
    assert "card for Fred" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_every_undrawable_character_is_named_with_its_line():
    spec = CardSpec("Dear Fred,\n\nSee you 🙂\nin 東京 soon\n\nSam", "Fred")
    with pytest.raises(RefdeskError) as err:
        render_pdf([spec])
    msg = str(err.value)
    assert '"🙂" (U+1F642) in line 3' in msg
    assert '"東" (U+6771) in line 4' in msg and '"京" (U+4EAC) in line 4' in msg


def test_letters_found_drawable_before_do_not_hide_a_new_undrawable_one():
    from refdesk.cards.fonts import StyleRegistry
    from refdesk.cards.message import undrawable

    faces = StyleRegistry().get("breip").all_faces()
    assert undrawable("Dear Fred,\nSee you soon", faces) == []
    assert undrawable("Dear Fred,\nSee you soon", faces) == []  # the known-letters path
    assert undrawable("Dear Fred,\nSee you 🙂 soon", faces) == [("🙂", 2, "")]
    assert undrawable("Dear Fred,\nשלום", faces)[0][1:] == (2, "right-to-left writing is "
                                                             "not supported")


def test_right_to_left_text_is_refused_rather_than_printed_backwards():
    with pytest.raises(RefdeskError, match="right-to-left"):
        render_pdf([CardSpec("Dear Dana,\n\nשלום\n\nSam", "Dana")])


def test_invisible_format_characters_are_dropped_not_refused():
    pdf = render_pdf([CardSpec("Dear Fred,\n\nThanks\u200b a lot\u00ad!\ufe0f\n\nSam", "Fred")])
    assert "Thanks a lot!" in " ".join(words(extracted(pdf)[0]))


def test_decomposed_accents_are_composed_before_drawing():
    pdf = render_pdf([CardSpec("Dear Zoe\u0308,\n\nMerci beaucoup\n\nSam", "Zoë")])
    assert "Zoë" in extracted(pdf)[0]


def test_a_word_longer_than_the_line_is_broken_not_clipped():
    long_word = "Supercalifragilisticexpialidocious" * 3
    pages = plan_pages([CardSpec(f"Dear Ann,\n\n{long_word}\n\nSam", "Ann", format="a2")])
    side = pages[0].sides[0]
    assert "".join(g.text for g in side.glyphs).count("Super") == 3
    rows = {round(g.matrix[5] / 10) for g in side.glyphs if g.text in "Su"}
    assert len(rows) >= 2


def test_empty_message_is_refused():
    with pytest.raises(RefdeskError, match="message is empty"):
        render_pdf([CardSpec("  \n ", "Ann")])
