"""The import preview's mapping step for CSV files with unknown headers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from refdesk.exchange.column_mapping import header_key, mapping_from_text
from refdesk.ui.import_flow import MAPPINGS, REMEMBERED, ImportPreview, run_import

BOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "address-books"
HEADER = "Nom,Prénom,Société,Courriel,Tél,Ville,Remarque,Birthday"
FIRST = (f"{HEADER}\n"
         "Dupont,Jean,ACME,jean@a.example,+33 1 02 03 04 05,Lyon,client fidèle,1970-01-02\n"
         "Martin,Anne,Foo,anne@b.example,,Paris,,\n")
SECOND = f"{HEADER}\nDurand,Luc,Bar,luc@c.example,,Nantes,vu au salon,\n"
CHOICES = {0: "last_name", 1: "first_name", 2: "company", 3: "email", 4: "phone",
           5: "city", 6: "notes"}


def _run(window, monkeypatch, path: Path, answer=None):
    """run_import with the preview answered by ``answer(preview)``; returns
    the report and every preview shown."""
    shown: list[ImportPreview] = []
    messages: list[str] = []

    def exec_(preview):
        shown.append(preview)
        if answer:
            answer(preview)
        return 1

    monkeypatch.setattr(ImportPreview, "exec", exec_)
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda _parent, _title, text, *a, **k: messages.append(text))
    return run_import(window.ctx, window, path), shown, messages


def _choose(preview: ImportPreview) -> None:
    assert preview.columns is not None
    assert preview.counts["new"] == 0 and not preview.import_button.isEnabled()
    for index, field in CHOICES.items():
        preview.columns.choose(index, field)


def test_unknown_headers_get_the_step_and_the_choice_maps_them(make_window, monkeypatch,
                                                               tmp_path):
    window = make_window()
    path = tmp_path / "carnet.csv"
    path.write_text(FIRST, encoding="utf-8")
    report, shown, messages = _run(window, monkeypatch, path, _choose)
    preview = shown[0]
    rows = preview.columns.table
    assert [rows.item(r, 0).text() for r in range(rows.rowCount())][:2] == ["? Nom", "? Prénom"]
    assert rows.item(0, 1).text() == "Dupont · Martin"
    assert rows.item(7, 0).text() == "Birthday"  # a known extra: not asked about
    # The preview followed the choice before the import.
    assert preview.counts["new"] == 2 and preview.import_button.isEnabled()
    assert sorted(preview.names.item(i).text() for i in range(2)) == \
        ["Anne Martin <anne@b.example>", "Jean Dupont <jean@a.example>"]
    assert report is not None and report.added == 2, messages
    jean = next(c for c in (window.ctx.book.contacts.get(i) for i in report.added_ids)
                if c.first_name == "Jean")
    assert (jean.last_name, jean.company, jean.city) == ("Dupont", "ACME", "Lyon")
    assert jean.notes == "client fidèle" and len(jean.phones) == 1
    stored = window.ctx.settings.value(f"{MAPPINGS}/{header_key(HEADER.split(','))}")
    assert mapping_from_text(stored) == {**CHOICES, 7: "ignore"}


def test_a_second_file_with_the_same_headers_uses_the_remembered_choice(
        make_window, monkeypatch, tmp_path):
    window = make_window()
    first, second = tmp_path / "carnet.csv", tmp_path / "salon.csv"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    _run(window, monkeypatch, first, _choose)
    report, shown, _ = _run(window, monkeypatch, second)  # no answer: must not be asked
    assert shown[0].columns is None
    assert REMEMBERED in shown[0].summary.text()
    luc = window.ctx.book.contacts.get(report.added_ids[0])
    assert (luc.first_name, luc.last_name, luc.company, luc.city, luc.notes) == \
        ("Luc", "Durand", "Bar", "Nantes", "vu au salon")


def test_other_headers_are_asked_about_again(make_window, monkeypatch, tmp_path):
    window = make_window()
    first, other = tmp_path / "carnet.csv", tmp_path / "autre.csv"
    first.write_text(FIRST, encoding="utf-8")
    other.write_text(SECOND.replace("Ville", "Localité"), encoding="utf-8")
    _run(window, monkeypatch, first, _choose)
    _, shown, _ = _run(window, monkeypatch, other, lambda preview: None)
    assert shown[0].columns is not None


def test_a_known_export_skips_the_step(make_window, monkeypatch):
    window = make_window()
    report, shown, _ = _run(window, monkeypatch,
                            BOOKS / "thunderbird__basic_csv_addressbook.csv")
    assert shown[0].columns is None and report is not None and report.added == 2
    settings = window.ctx.settings
    settings.beginGroup(MAPPINGS)
    assert settings.childKeys() == []  # nothing asked, nothing remembered
    settings.endGroup()


def test_a_choice_that_names_no_one_says_so_and_imports_nothing(make_window, monkeypatch,
                                                                tmp_path):
    window = make_window()
    path = tmp_path / "carnet.csv"
    path.write_text(FIRST, encoding="utf-8")

    def only_places(preview):
        preview.columns.choose(5, "city")

    _, shown, _ = _run(window, monkeypatch, path, only_places)
    assert "no column is set to hold a name" in shown[0].summary.text()
    assert not shown[0].import_button.isEnabled()
    assert window.ctx.book.contacts.count() == 0
