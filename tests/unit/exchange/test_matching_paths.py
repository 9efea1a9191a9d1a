"""A file told all new, all there again (_Plan._all_again) or record by record
with the records KnownContacts.ties finds tied to nothing or to the book alone
taken without matching, imports as matched one by one."""

from __future__ import annotations

import random

import pytest

from refdesk.book.records import ContactData
from refdesk.exchange import import_contacts
from refdesk.exchange.duplicates import (
    TIED_IN_FILE,
    TIED_TO_BOOK,
    TIED_TO_NOTHING,
    KnownContacts,
    book_contacts,
)
from refdesk.exchange.importer import _Plan
from refdesk.exchange.phones import PhoneNormalizer

HEADER = "First Name,Last Name,Company,Email,Phone"


def people(seed: int, count: int, shared: bool) -> list[str]:
    """Rows of people; ``shared``: now and then one shares an e-mail, a name and
    phone, or a name and company with another or with the book's Ann1 Lee."""
    rnd = random.Random(seed)

    def pick(i: int) -> int:
        return rnd.randrange(count) if shared else 100 + i  # not the book's Ann1

    return [",".join([rnd.choice(["Ann", "ann", "Bo", "Cy"]) + str(pick(i)),
                      rnd.choice(["Lee", "Fox", ""]), rnd.choice(["", "", "Acme", "ACME "]),
                      rnd.choice(["", f"p{pick(i)}@x.org"]),
                      rnd.choice(["", f"+1 212 555 {pick(i):04d}"])])
            for i in range(count)]


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_told_in_bulk_or_one_by_one_the_import_is_the_same(import_book, write_file,
                                                          monkeypatch, seed, shared):
    import_book.contacts.add(ContactData(first_name="Ann1", last_name="Lee", company="Acme",
                                         emails=[("p3@x.org", "")]))
    rows = people(seed, 12 + seed * 8, shared)
    path = write_file("c.csv", "\n".join([HEADER, *rows]) + "\n")
    told = []
    real = KnownContacts.ties
    monkeypatch.setattr(KnownContacts, "ties",
                        lambda self, contacts: told.append(real(self, contacts)) or told[-1])
    bulk = import_contacts(import_book, path, dry_run=True)
    assert [not any(ties) for ties in told] == [not shared]  # each file is told as it was made
    one_by_one(monkeypatch)
    assert bulk.as_json() == import_contacts(import_book, path, dry_run=True).as_json()


def one_by_one(monkeypatch) -> None:
    """Every record matched in turn: no file told in bulk, no record let through."""
    monkeypatch.setattr(KnownContacts, "tied_to_book", lambda self, columns: None)
    monkeypatch.setattr(KnownContacts, "again", lambda self, columns: None)
    monkeypatch.setattr(KnownContacts, "ties", lambda self, contacts: [TIED_IN_FILE] * len(
        contacts))
    monkeypatch.setattr(_Plan, "_all_again", lambda self, known, pairs: False)


def contact(first="Bo", last="Fox", company="", email="", phone="") -> ContactData:
    return ContactData(first_name=first, last_name=last, company=company,
                       emails=[(email, "")] if email else [],
                       phones=[(phone, "")] if phone else [])


def test_only_a_file_of_strangers_is_told_all_new(import_book):
    import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                         emails=[("ann@x.org", "")],
                                         phones=[("+12125550100", "")]))
    known = KnownContacts.of_book(import_book, PhoneNormalizer(""))

    def all_new(contacts: list[ContactData]) -> bool:  # tied to nothing, each of them
        return not any(known.ties(contacts))

    assert all_new([contact(email="bo@x.org"), contact(first="Cy", company="Acme")])
    assert not all_new([contact(email="ANN@x.org")])  # the book's address
    assert not all_new([contact(first="Ann", last="Lee")])  # the book's name
    assert not all_new([contact(first="Cy", phone="+12125550100"),
                        contact(first="Cy", phone="+12125550100")])
    assert not all_new([contact(company="Acme"), contact(company="ACME")])
    assert not all_new([contact(email="a@y.org"), contact(first="Di", email="A@y.org")])


@pytest.mark.parametrize("change", [None, "Bo,Fox,Acme,p1@x.org,",
                                    "Cy,Wu,,P2@X.ORG,+44 20 7946 0018",
                                    "Di,Ray,,,+1 212 555 0003", ",,Initech,p4@x.org,"])
def test_a_file_again_is_reported_as_matched_one_by_one(import_book, write_file, monkeypatch,
                                                        change):
    rows = ["Ann,Lee,Acme,p0@x.org,+1 212 555 0000", "Bo,Fox,,p1@x.org,",
            "Cy,Wu,,p2@x.org,+1 212 555 0002", "Di,Ray,,p3@x.org,+1 212 555 0003",
            "Ed,Poe,,p4@x.org,", "Ann,Lee,,P0@X.org,"]
    import_contacts(import_book, write_file("a.csv", "\n".join([HEADER, *rows]) + "\n"))
    if change:  # one record that adds something, or is matched another way
        rows.insert(3, change)
    path = write_file("b.csv", "\n".join([HEADER, *rows]) + "\n")
    # Contacts as read, not the columns of plain records (test_import_columns).
    monkeypatch.setattr(KnownContacts, "again", lambda self, columns: None)
    told = []
    real = _Plan._all_again
    monkeypatch.setattr(_Plan, "_all_again",
                        lambda self, known, pairs: told.append(real(self, known, pairs))
                        or told[-1])
    quick = import_contacts(import_book, path, dry_run=True)
    assert told == [change is None]
    monkeypatch.setattr(_Plan, "_all_again", lambda self, known, pairs: False)
    one_by_one = import_contacts(import_book, path, dry_run=True)
    assert quick.as_json() == one_by_one.as_json()
    assert quick.counts() == one_by_one.counts()


@pytest.mark.parametrize(("tag", "again"), [("t", True), ("T", True), ("u", False)])
def test_a_file_again_with_a_tag_is_reported_as_matched_one_by_one(import_book, write_file,
                                                                   monkeypatch, tag, again):
    path = write_file("a.csv", "\n".join([HEADER, "Ann,Lee,,ann@x.org,(212) 555-0100",
                                          "Bo,Fox,Acme,bo@x.org,"]) + "\n")
    import_contacts(import_book, path, tag="t")
    told = []
    real = _Plan._all_again
    monkeypatch.setattr(_Plan, "_all_again",
                        lambda self, known, pairs: told.append(real(self, known, pairs))
                        or told[-1])
    quick = import_contacts(import_book, path, tag=tag, dry_run=True)
    assert told == [again]  # a tag the contacts lack is something new
    monkeypatch.setattr(_Plan, "_all_again", lambda self, known, pairs: False)
    assert quick.as_json() == import_contacts(import_book, path, tag=tag,
                                              dry_run=True).as_json()


def test_ties_are_what_each_record_shares(import_book):
    import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Acme",
                                         emails=[("ann@x.org", "")],
                                         phones=[("+12125550100", "")]))
    known = KnownContacts.of_book(import_book, PhoneNormalizer(""))

    assert known.ties([
        contact(email="bo@x.org"),  # no one else's
        contact(first="Cy", email="ANN@x.org "),  # the book's address
        contact(first="Ann", last="Lee"),  # the book's name, no more
        contact(first="Ann", last="Lee", phone="+1 212 555 0100"),  # the book's name and phone
        contact(first="Di", company="ACME"),  # a company alone is no key
        contact(first="", last="", company="acme"),  # no name: not the book's Ann
        contact(first="Ed", email="ed@x.org"), contact(first="Ed", email="Ed@x.org"),
        contact(first="Flo", company="Initech"), contact(first="flo", company=" INITECH"),
        contact(first="Gus", phone="(212) 555-0199"), contact(first="Gus", phone="2125550199"),
        contact(first="Hal", phone="2125550199"),  # the same number, another name
    ]) == [TIED_TO_NOTHING, TIED_TO_BOOK, TIED_TO_BOOK, TIED_TO_BOOK, TIED_TO_NOTHING,
           TIED_TO_NOTHING, TIED_IN_FILE, TIED_IN_FILE, TIED_IN_FILE, TIED_IN_FILE, TIED_IN_FILE,
           TIED_IN_FILE, TIED_TO_NOTHING]


@pytest.mark.parametrize("tag", [None, "t", "u"])
@pytest.mark.parametrize("seed", range(4))
def test_a_file_partly_known_imports_as_matched_one_by_one(tmp_path, write_file, monkeypatch,
                                                           seed, tag):
    """A book holding some of a file's people, some of them with more or less
    than the file holds; the file adds strangers, people twice, and changes."""
    from refdesk.book import Book

    rnd = random.Random(seed)
    known = [f"P{i},Lee,{rnd.choice(['', 'Acme'])},p{i}@x.org,"
             f"{rnd.choice(['', f'+1 212 555 {i:04d}'])}" for i in range(30)]
    rows = [*rnd.sample(known, 20),
            *(f"N{i},Fox,{rnd.choice(['', 'Acme'])},{rnd.choice(['', f'n{i}@x.org'])},"
              f"{rnd.choice(['', f'+1 646 555 {i:04d}'])}" for i in range(20)),
            "P3,Lee,,,+1 212 555 0003", "P4,Lee,Initech,p4@x.org,",  # more for the book
            "P5,Lee,,P5@X.ORG,+44 20 7946 0018", "N0,Fox,,n0@x.org,",  # a file's twice
            "P6,Lee,Acme,,", ",,Acme,,", "Q7,Ray,,p7@x.org,", "P8,Lee,,,"]
    rnd.shuffle(rows)
    first = write_file("first.csv", "\n".join([HEADER, *known]) + "\n")
    path = write_file("again.csv", "\n".join([HEADER, *rows]) + "\n")
    books = []
    for name in ("told", "one-by-one"):
        book = Book.open(tmp_path / f"{name}.refdesk")
        books.append(book)
        import_contacts(book, first, tag="t")
    try:
        told = []
        real = KnownContacts.ties
        monkeypatch.setattr(KnownContacts, "ties",
                            lambda self, contacts: told.append(real(self, contacts))
                            or told[-1])
        quick = import_contacts(books[0], path, tag=tag)
        assert set(told[0]) == {TIED_TO_NOTHING, TIED_TO_BOOK, TIED_IN_FILE}
        one_by_one(monkeypatch)
        slow = import_contacts(books[1], path, tag=tag)
        assert quick.as_json() == slow.as_json()
        assert quick.added_ids == slow.added_ids
        assert quick.merged_before == slow.merged_before
        assert book_contacts(books[0]) == book_contacts(books[1])
    finally:
        for book in books:
            book.close()


@pytest.mark.parametrize(("kind", "tag"), [("customer", None), ("prospect", "t")])
def test_a_file_of_strangers_is_written_as_matched_one_by_one(tmp_path, write_file,
                                                              monkeypatch, kind, tag):
    """Written as read (the writer gives kind, tag and numbers) or as copies
    made one by one, the book ends the same."""
    from refdesk.book import Book

    # A company's two ways of writing one number: one kept (a person's would
    # tie the person to themself, and go one by one).
    rows = ["Ann,Lee,Acme,ann@x.org,+1 212 555 0100 ::: +44 20 7946 0018",
            "Bo,Fox,,,2125550101", "Cy,Wu,Initech,cy@x.org,",
            ",,Globex,,+1 212 555 0199 ::: (212) 555-0199"]
    path = write_file("c.csv", "\n".join(["First Name,Last Name,Company,Email,Phone",
                                          *rows]) + "\n")
    books = [Book.open(tmp_path / f"{name}.refdesk") for name in ("told", "one-by-one")]
    try:
        for book in books:
            book.settings.set("phone_region", "US")
        told = []
        real = KnownContacts.ties
        monkeypatch.setattr(KnownContacts, "ties",
                            lambda self, contacts: told.append(real(self, contacts))
                            or told[-1])
        quick = import_contacts(books[0], path, kind=kind, tag=tag)
        assert told == [[TIED_TO_NOTHING] * 4]
        one_by_one(monkeypatch)
        slow = import_contacts(books[1], path, kind=kind, tag=tag)
        assert quick.as_json() == slow.as_json()
        assert quick.added_ids == slow.added_ids
        written = book_contacts(books[0])
        assert written == book_contacts(books[1])
        assert written[quick.added_ids[0]].phones == [("+12125550100", ""),
                                                      ("+442079460018", "")]
        assert written[quick.added_ids[3]].phones == [("+12125550199", "")]
        assert {c.kind for c in written.values() if c.id in quick.added_ids} == {kind}
    finally:
        for book in books:
            book.close()
