"""An import that at least doubles the contacts makes the contact tables'
indexes after its inserts; a smaller one inserts into them. Either way the
book ends with the same schema and sound indexes, and a failure leaves it
as it was."""

from __future__ import annotations

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import import_contacts


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


@pytest.mark.parametrize(("there", "adding", "made_after"),
                         [(0, 30, True), (20, 20, True), (20, 19, False), (30, 5, False)])
def test_the_indexes_are_made_after_the_inserts_only_for_a_big_import(
        import_book, write_file, monkeypatch, there, adding, made_after):
    if there:
        import_contacts(import_book, people(write_file, "there.csv", 0, there))
    before = schema(import_book)
    dropped = dropped_indexes(import_book, monkeypatch)
    report = import_contacts(import_book, people(write_file, "more.csv", there, adding))
    assert report.added == adding
    # The contact tables' own indexes whose new entries come out of order
    # (last name, e-mail address), all or none. The referrer (none for all),
    # an e-mail's and a phone's contact (new ids, in order) are written as
    # they come.
    assert sorted(dropped) == (['DROP INDEX "contact_email_address"',
                                'DROP INDEX "contact_last_name"'] if made_after else [])
    assert schema(import_book) == before
    db = import_book.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Found through the indexes made again, as through those kept.
    for last in ("Q0", f"Q{there + adding - 1}"):
        assert db.execute_sql('SELECT count(*) FROM "contact" INDEXED BY "contact_last_name" '
                              "WHERE last_name = ?", (last,)).fetchone()[0] == 1
    assert db.execute_sql('SELECT contact_id FROM "contact_email" INDEXED BY '
                          '"contact_email_address" WHERE address = ?',
                          (f"p{there + adding - 1}@x.example",)).fetchone() is not None


def test_an_index_whose_new_keys_come_out_of_order_is_made_after_too(
        import_book, monkeypatch):
    """Contacts written with referrers (a vCard's, a restore's) set the referrer's
    index aside as well; made again, it finds each referred contact."""
    from refdesk.book.records import ContactData
    from refdesk.exchange.contact_writer import add_contacts

    dropped = dropped_indexes(import_book, monkeypatch)
    with import_book.db.atomic():
        first, second = add_contacts(import_book, [ContactData(first_name="A"),
                                                   ContactData(first_name="B")])
        contacts = [ContactData(first_name=f"R{i}", referred_by=(first, second, None)[i % 3])
                    for i in range(30)]
        ids = add_contacts(import_book, contacts)
    assert 'DROP INDEX "contact_referred_by_id"' in dropped
    db = import_book.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    for referrer in (first, second):
        assert [r[0] for r in db.execute_sql(
            'SELECT id FROM "contact" INDEXED BY "contact_referred_by_id" '
            "WHERE referred_by_id = ? ORDER BY id", (referrer,))] == \
            [cid for cid, c in zip(ids, contacts, strict=True) if c.referred_by == referrer]


def test_a_failed_big_import_leaves_the_indexes_and_contacts_as_they_were(
        import_book, write_file, monkeypatch):
    import_contacts(import_book, people(write_file, "there.csv", 0, 10))
    before = schema(import_book)
    revision = import_book.db.execute_sql("SELECT revision FROM book_meta").fetchone()[0]
    dropped = dropped_indexes(import_book, monkeypatch)
    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 5)

    def progress(done: int, total: int) -> None:
        if done >= 15:
            raise RefdeskError("stopped")

    with pytest.raises(RefdeskError, match="stopped"):
        import_contacts(import_book, people(write_file, "more.csv", 10, 40), progress=progress)
    assert dropped  # the failure came while they were set aside
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
