"""A file of plain records all new is read, told and written as columns
(ReadColumns, KnownContacts.tied_to_book and again, add_columns): the book and the report
end as when its contacts are made and matched one by one."""

from __future__ import annotations

import sqlite3

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.exchange import import_contacts, read_contacts
from refdesk.exchange.duplicates import KnownContacts, book_contacts
from refdesk.exchange.importer import _Plan
from refdesk.exchange.read_columns import ReadColumns

STRANGERS = ["First Name,Last Name,Company,E-mail Address,Phone",
             "Ann,Lee,Acme,ann@x.org,+1 212 555 0100",
             "Bo,Fox,,,(212) 555-0101",  # the slow parse, with the book's region
             "Zoë,Ñúñez,,ZOE@X.ORG,+44 20 7946 0018",
             ",,Globex,,212.555.0199",  # a company alone
             "Cy,,Initech,cy@x.org,",
             ",Wu,,,+1 212 555 0100",  # Ann's number, another name: not tied
             "Di,Ray,Acme,di@x.org,12"]  # a number kept as typed


def one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """No file read as columns, told in bulk or again: every record matched in turn."""
    monkeypatch.setattr(KnownContacts, "tied_to_book", lambda self, columns: None)
    monkeypatch.setattr(KnownContacts, "again", lambda self, columns: None)
    monkeypatch.setattr(KnownContacts, "ties", lambda self, contacts: [2] * len(contacts))
    monkeypatch.setattr(_Plan, "_all_again", lambda self, known, pairs: False)


def watched(monkeypatch: pytest.MonkeyPatch, name: str) -> list:
    """What KnownContacts.``name`` answers, call by call, from now on."""
    told: list = []
    real = getattr(KnownContacts, name)
    monkeypatch.setattr(KnownContacts, name,
                        lambda self, columns: told.append(real(self, columns)) or told[-1])
    return told


def table_rows(book: Book) -> dict[str, list[tuple]]:
    """Every row of the contact tables, but when it was written."""
    con = sqlite3.connect(book.path)
    try:
        found = {}
        for table in ("contact", "contact_email", "contact_phone", "contact_tag", "tag"):
            columns = [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')
                       if row[1] not in ("created_at", "updated_at")]
            found[table] = con.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY id').fetchall()
        return found
    finally:
        con.close()


@pytest.mark.parametrize(("kind", "tag", "header"), [
    ("customer", None, STRANGERS[0]),
    ("prospect", "t", STRANGERS[0]),
    ("customer", "t", "Given Name,Family Name,Organization,Email,Mobile Phone"),
])
def test_a_file_of_plain_strangers_is_written_as_matched_one_by_one(
        tmp_path, write_file, monkeypatch, kind, tag, header):
    path = write_file("c.csv", "\n".join([header, *STRANGERS[1:]]) + "\n")
    assert isinstance(read_contacts(path).columns, ReadColumns)
    books = [Book.open(tmp_path / f"{name}.refdesk") for name in ("columns", "one-by-one")]
    try:
        for book in books:
            book.settings.set("phone_region", "US")
            book.contacts.add(ContactData(first_name="Eve", last_name="Orr",
                                          emails=[("eve@x.org", "")]))
        told = watched(monkeypatch, "tied_to_book")
        quick = import_contacts(books[0], path, kind=kind, tag=tag)
        assert told == [[False] * 7]  # all new
        one_by_one(monkeypatch)
        slow = import_contacts(books[1], path, kind=kind, tag=tag)
        assert quick.as_json() == slow.as_json()
        assert quick.added_ids == slow.added_ids
        assert table_rows(books[0]) == table_rows(books[1])
        written = book_contacts(books[0])
        assert written == book_contacts(books[1])
        assert [[n for n, _ in written[i].phones] for i in quick.added_ids[:3]] == [
            ["+12125550100"], ["+12125550101"], ["+442079460018"]]
    finally:
        for book in books:
            book.close()


@pytest.mark.parametrize("row", [
    "Ann,Lee,,eve@x.org,",  # the book's e-mail
    "Ann,Lee,,EVE@X.ORG,",  # the same, another case
    "Eve,Orr,,,",  # the book's name
    "Eve,Orr,,other@x.org,",  # the book's name, another e-mail: someone else
    "Ann,Lee,,ann@x.org,",  # an e-mail twice in the file
    "Ann,Lee,,,+1 212 555 0100",  # a name and phone twice in the file
    "Ann,Lee,Acme,,",  # a name and company twice in the file
])
def test_a_plain_file_with_anyone_known_is_matched_as_before(
        import_book, write_file, monkeypatch, row):
    import_book.contacts.add(ContactData(first_name="Eve", last_name="Orr",
                                         emails=[("eve@x.org", "")]))
    path = write_file("c.csv", "\n".join([STRANGERS[0], STRANGERS[1], row]) + "\n")
    assert read_contacts(path).columns is not None
    told = watched(monkeypatch, "tied_to_book")
    quick = import_contacts(import_book, path, dry_run=True)
    assert told[0] is None or any(told[0])  # not all new
    one_by_one(monkeypatch)
    assert quick.as_json() == import_contacts(import_book, path, dry_run=True).as_json()


@pytest.mark.parametrize("change", [
    None,
    "Bo,Fox,Acme,p1@x.org,",  # a company the book's Bo lacks
    "Cy,Wu,,P2@X.ORG,+44 20 7946 0018",  # a number the book's Cy lacks
    "Di,Ray,,p3@x.org,(212) 555-0003",  # Di's number, written another way
    "Ed,Poe,Acme,,",  # no e-mail
    "Flo,Nye,,p5@x.org,",  # someone new
    ",,Initech,p4@x.org,",  # Ed's e-mail and a company he lacks
    "Ed,,,P4@X.ORG,",  # Ed again, less of him: nothing new
])
def test_a_plain_file_again_is_reported_as_matched_one_by_one(
        import_book, write_file, monkeypatch, change):
    rows = ["Ann,Lee,Acme,p0@x.org,+1 212 555 0000", "Bo,Fox,,p1@x.org,",
            "Cy,Wu,,p2@x.org,+1 212 555 0002", "Di,Ray,,p3@x.org,+1 212 555 0003",
            "Ed,Poe,,p4@x.org,", "Ann,Lee,,P0@X.org,", "Zoë,Ñúñez,,zoe@x.org,"]
    import_book.settings.set("phone_region", "US")
    import_contacts(import_book, write_file("a.csv", "\n".join([STRANGERS[0], *rows]) + "\n"))
    if change:
        rows.insert(3, change)
    path = write_file("b.csv", "\n".join([STRANGERS[0], *rows]) + "\n")
    assert read_contacts(path).columns is not None
    told = watched(monkeypatch, "again")
    quick = import_contacts(import_book, path, dry_run=True)
    assert [found is not None for found in told] == [
        change in (None, "Di,Ray,,p3@x.org,(212) 555-0003", "Ed,,,P4@X.ORG,")]
    one_by_one(monkeypatch)
    assert quick.as_json() == import_contacts(import_book, path, dry_run=True).as_json()


def test_columns_give_the_contacts_the_full_way_reads(write_file, monkeypatch):
    path = write_file("c.csv", "\n".join(STRANGERS) + "\n")
    columns = read_contacts(path)
    from refdesk.exchange.csv_rows import RowReader

    monkeypatch.setattr(RowReader, "bulk", lambda self: None)
    full = read_contacts(path)
    assert columns.columns is not None and full.columns is None
    assert columns == full
    assert columns.columns is not None  # compared, still columns: an import takes them whole
    assert columns.looked_at() == tuple(full.entries) and columns.columns is not None
    assert columns.count() == full.count() == len(full.entries)
    assert columns.entries == full.entries


def test_rows_go_in_many_to_a_statement_however_many_sqlite_binds(monkeypatch):
    from refdesk.exchange import contact_writer

    monkeypatch.setattr(contact_writer, "ROWS_A_STATEMENT", 4)
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE TABLE t (a INTEGER, b TEXT, c TEXT)")
        rows = [(i, f"v{i}") for i in range(11)]
        statement, _ = contact_writer._insert_columns("t", ["a", "b", "c"], [[0], [""], [""]])
        assert statement == ('INSERT INTO "t" ("a", "b", "c")', "(0, '', '')")
        for limit in (999, 5, 1):  # 4 rows, 2 rows, then 1 row a statement
            con.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
            con.execute("DELETE FROM t")
            # Rows 2 to 10 of the columns: a part of them, as progress writes.
            contact_writer._insert_rows(con.cursor(), ('INSERT INTO "t" (a, b, c)',
                                                       "(?, ?, ' VALUES (x)')"),
                                        list(zip(*rows, strict=True)), 2, 11)
            assert con.execute("SELECT a, b, c FROM t ORDER BY rowid").fetchall() == [
                (a, b, " VALUES (x)") for a, b in rows[2:]]
    finally:
        con.close()


@pytest.mark.parametrize(("extra", "by_columns"), [
    (None, True),
    ("Ann,Lee,,,+1 646 555 0009", True),  # another Ann Lee, another number: someone new
    ("Eve,Orr,,,", False),  # the book's name alone: matched in turn
    ("Bo,Fox,Acme,p1@x.org,", False),  # adds a company to the book's Bo
    ("Cy,Wu,,cy@x.org,+1 212 555 0002", False),  # Cy's number twice in the file
])
@pytest.mark.parametrize("tag", [None, "t"])
def test_a_plain_file_partly_known_is_written_as_matched_one_by_one(
        tmp_path, write_file, monkeypatch, extra, by_columns, tag):
    known = ["Bo,Fox,,p1@x.org,", "Cy,Wu,,p2@x.org,+1 212 555 0002", "Eve,Orr,Acme,p3@x.org,"]
    rows = [STRANGERS[1], "Bo,Fox,,P1@X.ORG,", STRANGERS[3], STRANGERS[4], "Cy,Wu,,p2@x.org,",
            "Eve,,,p3@x.org,", STRANGERS[7]]
    if extra:
        rows.insert(4, extra)
    first = write_file("a.csv", "\n".join([STRANGERS[0], *known]) + "\n")
    path = write_file("b.csv", "\n".join([STRANGERS[0], *rows]) + "\n")
    books = [Book.open(tmp_path / f"{name}.refdesk") for name in ("columns", "one-by-one")]
    try:
        for book in books:
            book.settings.set("phone_region", "US")
            import_contacts(book, first)
        told = watched(monkeypatch, "tied_to_book")
        matched = []
        real = KnownContacts.ties
        monkeypatch.setattr(KnownContacts, "ties",
                            lambda self, contacts: matched.append(1) or real(self, contacts))
        quick = import_contacts(books[0], path, tag=tag)
        assert told[0] is None or any(told[0])
        assert (not matched) == (by_columns and tag is None)  # contacts made and matched
        one_by_one(monkeypatch)
        slow = import_contacts(books[1], path, tag=tag)
        assert quick.as_json() == slow.as_json()
        assert quick.added_ids == slow.added_ids
        assert table_rows(books[0]) == table_rows(books[1])
        assert quick.added and (quick.duplicates or quick.merges)
    finally:
        for book in books:
            book.close()


def test_the_books_keys_are_each_contacts_folded(import_book):
    """KnownContacts.index_names: names and companies folded (case, spacing),
    numbers by their keys, for contacts with a name."""
    from refdesk.exchange.phones import PhoneNormalizer

    people = [("Ann", "Lee", "Acme", ["+1 212 555 0100"]), (" ANN ", " lee", "ACME  ", []),
              ("", "Lee", "", ["212-555-0101", "+1 212 555 0100"]), ("Zoë", "", "", []),
              ("", "", "Globex  Inc", ["+44 20 7946 0018"]), ("ß", "Straße", "", ["12"]),
              ("Ann\tB", "Lee", "Acme", ["(212) 555-0100"])]
    ids = [import_book.contacts.add(ContactData(
        first_name=first, last_name=last, company=company, phones=[(n, "") for n in numbers]))
        for first, last, company, numbers in people]
    known = KnownContacts.of_book(import_book, PhoneNormalizer("US"))
    known.index_names()
    ann, ann_again, lee, zoe, globex, strasse, ann_b = ids
    assert known._book_names == {"ann lee": [ann, ann_again], "lee": [lee], "zoë": [zoe],
                                 "globex inc": [globex], "ss strasse": [strasse],
                                 "ann b lee": [ann_b]}
    assert known._book_name_company == {("ann lee", "acme"): [ann, ann_again],
                                         ("ann b lee", "acme"): [ann_b],
                                         ("", "globex inc"): [globex]}
    assert known._book_phone_name == {
        ("+12125550100", "ann lee"): ann, ("+12125550101", "lee"): lee,
        ("+12125550100", "lee"): lee, ("12", "ss strasse"): strasse,
        ("+12125550100", "ann b lee"): ann_b}


def test_entries_once_handed_out_are_what_is_imported(import_book, write_file):
    result = read_contacts(write_file("c.csv", "\n".join(STRANGERS) + "\n"))
    assert result.columns is not None
    del result.entries[1:]  # a caller keeps the first record only
    assert result.columns is None
    from refdesk.exchange import import_read

    assert import_read(import_book, result).counts() == {"new": 1, "merged": 0, "skipped": 0}
