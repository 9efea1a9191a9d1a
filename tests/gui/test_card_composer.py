"""The Cards menu: composer (live preview, new handwriting, inline refusals, print, save,
mark sent), print queue, templates, card settings and printer calibration."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from refdesk.book import Book
from refdesk.ui.cards import install_cards_menu
from refdesk.ui.cards.calibration_dialog import CalibrationDialog
from refdesk.ui.cards.settings_dialog import CardSettingsDialog
from refdesk.ui.cards.templates_dialog import TemplatesDialog

AS_OF = dt.date(2026, 11, 22)


def follow_up_done(book: Book, follow_up_id: int) -> dt.date | None:
    return next(f.done_on for f in book.referrals.follow_ups() if f.id == follow_up_id)


def test_the_menu_has_its_actions_and_shortcuts(cards):
    shown = {a.text(): a.shortcut().toString() for a in cards.menu.actions() if a.text()}
    assert shown["&Write Card…"] == "Ctrl+Shift+C"
    assert shown["&Print Queue…"] == "Ctrl+Shift+P"
    assert {"Card &Templates…", "Card &Settings…", "Printer &Calibration…"} <= set(shown)


def test_compose_for_a_follow_up_previews_the_merged_card(cards, qtbot):
    p = cards.people
    dialog = cards.actions.compose(p.fred, follow_up_id=p.thank_for_sale)
    qtbot.addWidget(dialog)
    assert dialog.occasion.currentData() == "thank_sale"
    assert dialog.preview.document.status() == QPdfDocument.Status.Ready
    assert dialog.preview.page_count() == 1
    assert "lunch for two at Rosa's" in dialog.spec.message
    assert "{gift}" in dialog.editor.message()  # the editor keeps the fields
    assert "Thank for the sale" in dialog.header.text()
    assert "Rosa" in dialog.editor.legend.text()


def test_the_preview_follows_typing_after_a_short_pause(cards, qtbot):
    dialog = cards.actions.compose(cards.people.fred)
    qtbot.addWidget(dialog)
    assert dialog.follow_up.id == cards.people.thank_within_day  # the oldest owed card
    before = dialog.pdf
    dialog.editor.text.moveCursor(dialog.editor.text.textCursor().MoveOperation.End)
    with qtbot.waitSignal(dialog.refreshed, timeout=2000):
        qtbot.keyClick(dialog.editor.text, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.editor.text, "P.S. Coffee soon?")
        assert dialog.pdf is before  # nothing re-rendered per keystroke
    assert dialog.pdf != before and "Coffee soon?" in dialog.spec.message
    assert dialog.preview.page_count() == 1
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_new_handwriting_changes_the_seed_and_the_strokes(cards, qtbot):
    dialog = cards.actions.compose(cards.people.fred)
    qtbot.addWidget(dialog)
    seed, pdf, words = dialog.spec.seed, dialog.pdf, dialog.spec.message
    qtbot.mouseClick(dialog.reroll, Qt.MouseButton.LeftButton)
    assert dialog.spec.seed != seed and dialog.pdf != pdf
    assert dialog.spec.message == words
    assert str(dialog.spec.seed) in dialog.preview.caption.text()


def test_an_emoji_is_refused_inline_and_blocks_printing(cards, qtbot):
    dialog = cards.actions.compose(cards.people.fred)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.text.appendPlainText("Thanks again 🎉")
    dialog.refresh_now()
    assert dialog.editor.error.isVisible()
    assert 'Cannot draw "🎉" (U+1F389)' in dialog.editor.error.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.pdf is None and dialog.preview.page_count() == 1  # the last good card stays
    dialog.editor.replace_message(dialog.editor.message().replace(" 🎉", "!"))
    dialog.refresh_now()
    assert not dialog.editor.error.isVisible() and dialog.print_button.isEnabled()


def test_unknown_fields_and_missing_values_are_named_under_the_editor(cards, qtbot):
    dialog = cards.actions.compose(cards.people.ann, occasion="thank_business")
    qtbot.addWidget(dialog)
    assert "the garden shed" in dialog.spec.message
    dialog.editor.replace_message("Hi {nickname}!\n\n{my_name}")
    dialog.refresh_now()
    assert "unknown field {nickname}" in dialog.editor.error.text()
    dialog.editor.replace_message("Enjoy the {gift}!\n\n{my_name}")
    dialog.refresh_now()
    assert "{gift} is empty: this card is not about a referral" in dialog.editor.error.text()
    assert not dialog.sent_button.isEnabled()


def test_mark_sent_completes_the_follow_up_and_undo_reopens_it(cards, qtbot):
    p, book = cards.people, cards.book
    dialog = cards.actions.compose(p.fred, follow_up_id=p.status_report)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    assert follow_up_done(book, p.status_report) == AS_OF
    (card,) = book.cards.for_contact(p.fred)
    assert card.sent_on == AS_OF and card.follow_up_id == p.status_report
    assert "Maria and I have talked" in card.message
    assert not dialog.sent_button.isEnabled() and "Sent on 22 Nov 2026" in \
        dialog.sent_label.text()
    cards.ctx.undo.undo()
    assert follow_up_done(book, p.status_report) is None
    assert book.cards.for_contact(p.fred) == []
    assert dialog.sent_button.isEnabled() and dialog.sent_label.text() == ""
    cards.ctx.undo.redo()
    assert follow_up_done(book, p.status_report) == AS_OF


def test_save_and_print_record_one_printed_card(cards, qtbot, tmp_path):
    p, book = cards.people, cards.book
    book.settings.set("printer_offset_mm", [2.0, 0.0])
    dialog = cards.actions.compose(p.fred, follow_up_id=p.thank_within_day)
    qtbot.addWidget(dialog)
    saved = dialog.save_pdf(tmp_path / "fred.pdf")
    assert saved.read_bytes() != dialog.pdf  # the printer offset applies to output only
    text = " ".join(PdfReader(saved).pages[0].extract_text().split())
    assert text.startswith("Dear Fred,") and "Maria Kowalski" in text
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_card(printer)
    box = PdfReader(tmp_path / "printed.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (396, 306)  # A2, 5.5 x 4.25 in
    (card,) = book.cards.for_contact(p.fred)  # printed twice, one card
    assert card.printed_on == AS_OF and card.sent_on is None
    assert "Printed on 22 Nov 2026" in dialog.sent_label.text()
    # Opening the follow-up again brings back the same card and hand.
    again = cards.actions.compose(p.fred, follow_up_id=p.thank_within_day)
    qtbot.addWidget(again)
    assert again.card.id == card.id and again.spec.seed == card.seed


def test_write_card_without_a_selection_only_says_so(cards):
    cards.current["id"] = None
    cards.actions.write_card()
    assert "Select a contact" in cards.window.statusBar().currentMessage()


# -- the print queue and the settings dialogs ---------------------------------
def names(queue) -> list[str]:
    return [queue.cell(i, 0) for i in range(len(queue.rows))]


def test_the_queue_lists_the_owed_cards_oldest_first(cards, qtbot):
    queue = cards.actions.print_queue()
    qtbot.addWidget(queue)
    assert names(queue) == ["Fred Jones"] * 3
    assert [queue.cell(i, 1) for i in range(3)] == [
        "Thanks for the introduction", "Status report and thanks", "Thanks for the sale"]
    assert "Dear Fred" in queue.details.text()
    assert queue.cell(0, 2) == "Maria Kowalski"
    assert queue.cell(0, 3) == "7 days overdue"
    assert queue.cell(2, 3) == "1 day overdue"
    assert [queue.cell(i, 4) for i in range(3)] == ["Ready"] * 3
    assert "3 cards owed" in queue.intro.text()
    assert cards.actions.print_queue() is queue  # one queue, brought forward


def test_save_as_pdf_writes_one_pdf_then_marks_them_sent_in_one_undo_step(cards, qtbot,
                                                                          tmp_path):
    book, p = cards.book, cards.people
    queue = cards.actions.print_queue()
    qtbot.addWidget(queue)
    asked = []
    queue.confirm_sent = lambda n: asked.append(n) or True
    path = queue.save_pdf(tmp_path / "queue.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 3
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert all(t.startswith("Dear Fred,") for t in texts) and "Rosa's" in texts[2]
    assert asked == [3]
    assert book.cards.owed(AS_OF) == [] and len(queue.rows) == 0
    assert "No cards are owed" in queue.intro.text()
    assert {c.sent_on for c in book.cards.for_contact(p.fred)} == {AS_OF}
    cards.ctx.undo.undo()
    assert len(book.cards.owed(AS_OF)) == 3 and len(queue.rows) == 3
    assert [queue.cell(i, 4) for i in range(3)] == ["Printed 22 Nov, not sent"] * 3


def test_unticked_cards_stay_out_and_saying_no_leaves_them_owed(cards, qtbot, tmp_path):
    queue = cards.actions.print_queue()
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda n: False
    queue.set_ticked(1, False)
    queue.format.setCurrentIndex(queue.format.findData("letter-2up"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    ids = queue.print_cards(printer)
    assert len(ids) == 2
    page = PdfReader(tmp_path / "printed.pdf").pages
    assert len(page) == 1  # two cards imposed on one Letter sheet
    assert (round(float(page[0].mediabox.width)), round(float(page[0].mediabox.height))) == (
        612, 792)
    assert len(cards.book.cards.owed(AS_OF)) == 3  # printed but not sent
    for i in range(len(queue.rows)):
        queue.set_ticked(i, False)
    assert not queue.print_button.isEnabled() and not queue.save_button.isEnabled()


def test_a_card_that_cannot_be_printed_is_shown_and_left_out(cards, qtbot, tmp_path):
    cards.book.settings.set("user_name", "")
    queue = cards.actions.print_queue()
    qtbot.addWidget(queue)
    assert queue.cell(0, 4).startswith("{my_name} is empty")
    assert "your name is not set (Cards &gt; Card Settings)" in queue.details.text()
    assert not queue.is_ticked(0)
    assert "3 need fixing first" in queue.intro.text()
    assert queue.save_pdf(tmp_path / "none.pdf") is None
    # Fixing the setting (an undoable settings change) puts the cards back in the queue.
    dialog = CardSettingsDialog(cards.ctx, cards.window)
    qtbot.addWidget(dialog)
    dialog.user_name.setText("Sam Rivera")
    dialog.accept()
    assert [queue.cell(i, 4) for i in range(3)] == ["Ready"] * 3
    opened = []
    queue._compose = lambda *a: opened.append(a)
    queue.write_row(2)
    assert opened == [(cards.people.fred, "thank_sale", cards.people.thank_for_sale)]


def test_templates_are_stored_in_the_book_and_undo_restores_them(cards, qtbot):
    dialog = TemplatesDialog(cards.ctx, cards.window, occasion="thank_intro")
    qtbot.addWidget(dialog)
    dialog.editor.replace_message("Hey {first_name}, thanks for {referred_first_name}!\n\n"
                                  "{my_name}")
    assert dialog.list.currentItem().text().endswith("(yours)")
    dialog.editor.replace_message("Hey {nick}!")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "{nick}" in dialog.editor.error.text()
    dialog.editor.replace_message("Hey {first_name}, thanks for {referred_first_name}!\n\n"
                                  "{my_name}")
    dialog.accept()
    assert cards.book.settings.get("card_templates") == {
        "thank_intro": "Hey {first_name}, thanks for {referred_first_name}!\n\n{my_name}"}
    composer = cards.actions.compose(cards.people.fred, "thank_intro")
    qtbot.addWidget(composer)
    assert composer.spec.message == "Hey Fred, thanks for Maria!\n\nSam Rivera"
    cards.ctx.undo.undo()
    assert cards.book.settings.get("card_templates") == {}


def test_card_settings_validate_and_store(cards, qtbot):
    dialog = CardSettingsDialog(cards.ctx, cards.window)
    qtbot.addWidget(dialog)
    dialog.links.setPlainText("Google Reviews https://g.page/r/sam\nnot a link")
    dialog.accept()
    assert "line 2" in dialog.error.text() and cards.book.settings.get("review_links") == []
    dialog.links.setPlainText("Google Reviews https://g.page/r/sam")
    dialog.return_address.setPlainText("Sam Rivera\n1 Main St")
    dialog.accept()
    assert cards.book.settings.get("review_links") == [
        {"label": "Google Reviews", "url": "https://g.page/r/sam"}]
    assert cards.book.settings.get("card_style") == ""  # the default stays "the default"
    composer = cards.actions.compose(cards.people.fred)
    qtbot.addWidget(composer)
    assert composer.spec.review_link == "https://g.page/r/sam"
    assert composer.preview.page_count() == 2  # the QR code goes on the back


def test_calibration_stores_the_offset_and_writes_the_page(cards, qtbot, tmp_path):
    dialog = CalibrationDialog(cards.ctx, cards.window)
    qtbot.addWidget(dialog)
    dialog.x.setValue(1.5)
    dialog.y.setValue(-2.0)
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
    path = dialog.save_page(tmp_path / "cal.pdf")
    page = PdfReader(path).pages[0]
    assert round(float(page.mediabox.width)) == 595
    assert "offset x = 1.5 mm, y = -2 mm" in " ".join(page.extract_text().split())
    dialog.accept()
    assert cards.book.settings.get("printer_offset_mm") == [1.5, -2.0]
    cards.ctx.undo.undo()
    assert cards.book.settings.get("printer_offset_mm") == [0.0, 0.0]


def test_the_composer_closes_when_another_book_opens(cards, qtbot):
    composer = cards.actions.compose(cards.people.fred)
    qtbot.addWidget(composer)
    with qtbot.waitSignal(composer.destroyed, timeout=2000):
        cards.ctx.bus.emit_change("book")


def test_on_the_main_window_a_sent_card_leaves_the_days_agenda(make_window, qtbot):
    window = make_window(contacts=120)
    window.ctx.book.settings.set("user_name", "Sam Rivera")
    actions = install_cards_menu(QMenu(window), window.ctx, window,
                                 window.selected_contact_id)
    owed = window.ctx.book.board.agenda(AS_OF).cards_due
    assert owed
    first = owed[0]
    composer = actions.compose(first.referrer_id, follow_up_id=first.follow_up_id)
    qtbot.addWidget(composer)
    assert composer.pdf is not None, composer.editor.error.text()
    assert composer.mark_sent()
    due = window.ctx.book.board.agenda(AS_OF).cards_due
    assert first.follow_up_id not in {i.follow_up_id for i in due}
    window.ctx.undo.undo()
    assert first.follow_up_id in {i.follow_up_id
                                  for i in window.ctx.book.board.agenda(AS_OF).cards_due}


# -- pen plotter ----------------------------------------------------------------
def test_composer_saves_the_card_for_a_pen_plotter_in_the_chosen_single_line_hand(
        cards, qtbot, tmp_path):
    import xml.etree.ElementTree as ET

    settings = CardSettingsDialog(cards.ctx, cards.window)
    qtbot.addWidget(settings)
    settings.plotter_style.setCurrentIndex(settings.plotter_style.findData("nixish"))
    settings.pen_width.setValue(0.7)
    settings.accept()
    dialog = cards.actions.compose(cards.people.fred, follow_up_id=cards.people.thank_within_day)
    qtbot.addWidget(dialog)
    assert dialog.plotter_button.isEnabled()
    path = dialog.save_plotter_svg(tmp_path / "fred.svg")
    root = ET.parse(path).getroot()
    assert (root.get("width"), root.get("height")) == ("5.5in", "4.25in")
    layer = root.find("{http://www.w3.org/2000/svg}g")
    assert abs(float(layer.get("stroke-width")) - 0.7 * 72 / 25.4) < 1e-3
    again = dialog.save_plotter_svg(tmp_path / "again.svg")
    assert again.read_bytes() == path.read_bytes()  # the card's seed, the same strokes
    (card,) = cards.book.cards.for_contact(cards.people.fred)
    assert card.printed_on == AS_OF  # a plotted card is a printed card


def test_queue_saves_one_plotter_file_per_ticked_card(cards, qtbot, tmp_path):
    queue = cards.actions.print_queue()
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda n: False
    paths = queue.save_plotter_svgs(tmp_path)
    assert [p.name for p in paths] == ["card-001.svg", "card-002.svg", "card-003.svg"]
    assert len({p.read_bytes() for p in paths}) == 3
    assert len(cards.book.cards.owed(AS_OF)) == 3  # printed, not yet sent
