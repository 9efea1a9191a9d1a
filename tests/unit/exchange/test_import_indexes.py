"""The contact tables' indexes through an import. An index whose new entries
come in its own order (an e-mail's or a phone's contact: new ids; a referrer
none of the contacts has) is written as the rows go in; one whose new
entries come out of order (contacts with different referrers) is made after
the inserts by an import that at least doubles the contacts, inserted into
by a smaller one. Either way the book ends with the same schema and sound
indexes, and a failure leaves it as it was."""

from __future__ import annotations

import pytest

from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.exchange import import_contacts
from refdesk.exchange.contact_writer import add_contacts


def schema(book) -> list[tuple[str, str, str]]:
    return book.db.execute_sql("SELECT type, name, sql FROM sqlite_master "
                               "ORDER BY type, name").fetchall()


def people(write_file, name: str, start: int, count: int):
    rows = "\n".join(f"P{i},Q{i},Co{i % 7},p{i}@x.example,+1 212 555 {i:04d}"
                     for i in range(start, start + count))
    return write_file(name, f"First Name,Last Name,Company,Email,Phone\n{rows}\n")


def dropped_indexes(book, monkeypatch) -> list[str]:
    """The DROP INDEX statements the book runs from now on."""
    seen: list[str] = []
    real = book.db.execute_sql

    def spy(sql, *args, **kwargs):
        if sql.startswith("DROP INDEX"):
            seen.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(book.db, "execute_sql", spy)
    return seen


def referred(book, there: int, adding: int) -> tuple[list[int], list[ContactData]]:
    """``there`` contacts (two of them referrers), then ``adding`` more referred
    by one or the other or nobody, in turn; the ids and contacts added."""
    with book.db.atomic():
        known = add_contacts(book, [ContactData(first_name=f"K{i}") for i in range(there)])
    contacts = [ContactData(first_name=f"R{i}", referred_by=(known[0], known[1], None)[i % 3])
                for i in range(adding)]
    with book.db.atomic():
        return add_contacts(book, contacts), contacts


# Big imports (that would set out-of-order indexes aside) and small ones (that
# never do): either way the indexes end sound and find the new rows.
@pytest.mark.parametrize(("there", "adding"), [(0, 30), (20, 20), (20, 19), (30, 5)])
def test_a_file_of_contacts_is_written_through_the_indexes(
        import_book, write_file, monkeypatch, there, adding):
    if there:
        import_contacts(import_book, people(write_file, "there.csv", 0, there))
    before = schema(import_book)
    dropped = dropped_indexes(import_book, monkeypatch)
    report = import_contacts(import_book, people(write_file, "more.csv", there, adding))
    assert report.added == adding
    assert dropped == []  # new ids and no referrer: every new entry in order
    assert schema(import_book) == before
    db = import_book.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table, found in (("contact_email", f"p{there + adding - 1}@x.example"),
                         ("contact_phone", f"+1212555{there + adding - 1:04d}")):
        assert db.execute_sql(f'SELECT e.{"address" if table == "contact_email" else "number"} '
                              f'FROM "{table}" e INDEXED BY "{table}_contact_id" '
                              'WHERE e.contact_id = (SELECT max(id) FROM "contact")'
                              ).fetchall() == [(found,)]


@pytest.mark.parametrize(("there", "adding", "made_after"),
                         [(2, 30, True), (20, 20, True), (20, 19, False)])
def test_an_index_whose_new_entries_come_out_of_order_is_made_after_a_big_import(
        import_book, monkeypatch, there, adding, made_after):
    """Contacts with different referrers: the referrer's index set aside by an
    import that at least doubles the contacts; found through, either way."""
    before = schema(import_book)
    dropped = dropped_indexes(import_book, monkeypatch)
    ids, contacts = referred(import_book, there, adding)
    assert dropped == (['DROP INDEX "contact_referred_by_id"'] if made_after else [])
    assert schema(import_book) == before
    db = import_book.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    for referrer in {c.referred_by for c in contacts} - {None}:
        assert [r[0] for r in db.execute_sql(
            'SELECT id FROM "contact" INDEXED BY "contact_referred_by_id" '
            "WHERE referred_by_id = ? ORDER BY id", (referrer,))] == \
            [cid for cid, c in zip(ids, contacts, strict=True) if c.referred_by == referrer]


def test_a_failed_big_import_leaves_the_indexes_and_contacts_as_they_were(
        import_book, monkeypatch):
    referred(import_book, 10, 0)
    before = schema(import_book)
    revision = import_book.db.execute_sql("SELECT revision FROM book_meta").fetchone()[0]
    dropped = dropped_indexes(import_book, monkeypatch)
    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 5)

    def progress(done: int, total: int) -> None:
        if done >= 15:
            raise RefdeskError("stopped")

    with pytest.raises(RefdeskError, match="stopped"):
        referrers = [r[0] for r in import_book.db.execute_sql('SELECT id FROM "contact"')]
        with import_book.db.atomic():
            add_contacts(import_book, [ContactData(first_name=f"R{i}",
                                                   referred_by=referrers[i % 3])
                                       for i in range(40)], progress=progress)
    assert dropped  # the failure came while it was set aside
    assert schema(import_book) == before
    assert import_book.contacts.count() == 10
    assert import_book.db.execute_sql("SELECT revision FROM book_meta").fetchone()[0] == revision
    assert import_book.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_import_writes_sound_references_and_leaves_them_checked(
        import_book, write_file, monkeypatch):
    # The import's transaction runs without row-by-row reference checks.
    import_contacts(import_book, people(write_file, "there.csv", 0, 10))
    tagged = write_file("tagged.csv", "First Name,Last Name,Email,Phone,Group Membership\n"
                                      "P3,Q3,p3@x.example,+1 212 555 7777,Golf\n"
                                      "New,Person,new@x.example,+1 212 555 8888,Golf\n")
    import_contacts(import_book, tagged, tag="Fair")  # one merged, one added, tags
    db = import_book.db
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 5)

    def progress(done: int, total: int) -> None:
        raise RefdeskError("stopped")

    with pytest.raises(RefdeskError, match="stopped"):
        import_contacts(import_book, people(write_file, "more.csv", 10, 40), progress=progress)
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(Exception, match="FOREIGN KEY"):
        db.execute_sql("INSERT INTO contact_email (contact_id, address, label, preferred) "
                       "VALUES (999999, 'x@y.example', '', 1)")
