"""KnownContacts.ties and tied_to_book against the rule they stand for,
spelled out key by key: a record sharing a key with another record is tied
in the file; else one sharing a key or its name with the book is tied to the
book. The shortcuts (a pair or number key looked at only when its name comes
twice, the book's names standing for its pair and number keys) change no
answer."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.book.records import ContactData
from refdesk.domain.names import display_name
from refdesk.exchange.duplicates import (
    TIED_IN_FILE,
    TIED_TO_BOOK,
    TIED_TO_NOTHING,
    KnownContacts,
)
from refdesk.exchange.person_keys import (
    folded_company,
    folded_name,
    folded_names,
    named_in_the_book,
    names_in_the_book,
)
from refdesk.exchange.phones import PhoneNormalizer
from refdesk.exchange.read_columns import ReadColumns

# Few values, in several spellings, so that keys often meet.
FIRSTS = ["", "Ann", "ann", "Bo", "ß"]
LASTS = ["", "Lee", "LEE", "ss"]
COMPANIES = ["", "Acme", "ACME", "Globex"]
EMAILS = ["", "a@x.org", "A@X.org", "b@x.org"]
NUMBERS = ["", "+1 212 555 0100", "2125550100", "+12125550100", "12", "(212) 555-0101"]


def known_of(book: list[ContactData], region: str) -> KnownContacts:
    """The KnownContacts of a book holding ``book`` (ids from 1), as of_book
    makes them from its rows."""
    rows = [(cid, c.first_name, c.last_name, c.company) for cid, c in enumerate(book, 1)]
    numbers = [(cid, n) for cid, c in enumerate(book, 1) for n, _ in c.phones]
    known = KnownContacts(PhoneNormalizer(region), lambda: dict(enumerate(book, 1)),
                          lambda: rows, numbers)
    for cid, c in enumerate(book, 1):
        for address, _ in c.emails:
            known._book_email.setdefault(address.strip().casefold(), cid)
    return known


def keys_of(contact: ContactData, phones: PhoneNormalizer) -> list[tuple]:
    """Every key of ``contact``, each as often as it holds it."""
    name, company = folded_name(contact.first_name, contact.last_name), \
        folded_company(contact.company)
    keys: list[tuple] = [("email", a.strip().casefold()) for a, _ in contact.emails]
    if company:
        keys.append(("name and company", name, company))
    if name:
        keys += [("phone and name", phones.key(n), name) for n, _ in contact.phones]
    return keys


def reference_ties(book: list[ContactData], records: list[ContactData],
                   region: str) -> list[int]:
    phones = PhoneNormalizer(region)
    counts = Counter(key for record in records for key in keys_of(record, phones))
    book_keys = {key for contact in book for key in keys_of(contact, phones)}
    book_names = {folded_name(c.first_name, c.last_name) or folded_company(c.company)
                  for c in book}
    ties = []
    for record in records:
        keys = keys_of(record, phones)
        called = folded_name(record.first_name, record.last_name) or \
            folded_company(record.company)
        ties.append(TIED_IN_FILE if any(counts[key] > 1 for key in keys) else
                    TIED_TO_BOOK if book_keys.intersection(keys) or called in book_names
                    else TIED_TO_NOTHING)
    return ties


def people(max_size: int, plain: bool = True) -> st.SearchStrategy[list[ContactData]]:
    """Contacts; ``plain``: as a plain CSV row reads (one e-mail and one phone
    at most), else with spaces, tabs and several of each."""
    def cell(values: list[str]) -> st.SearchStrategy[str]:
        spaced = st.sampled_from(values)
        return spaced if plain else st.one_of(spaced, spaced.map(lambda v: f" {v}\t ".upper()))

    many = 1 if plain else 3
    return st.lists(st.builds(
        lambda first, last, company, emails, numbers: ContactData(
            first_name=first, last_name=last, company=company,
            emails=[(e, "") for e in emails if e or not plain],
            phones=[(n, "") for n in numbers if n]),
        cell(FIRSTS), cell(LASTS), cell(COMPANIES),
        st.lists(cell(EMAILS), max_size=many), st.lists(st.sampled_from(NUMBERS), max_size=many),
    ), max_size=max_size)


def columns_of(records: list[ContactData]) -> ReadColumns:
    """The columns a plain file of ``records`` reads as."""
    return ReadColumns(list(range(2, len(records) + 2)), {
        "first_name": [c.first_name for c in records],
        "last_name": [c.last_name for c in records],
        "company": [c.company for c in records]},
        [c.emails[0][0] if c.emails else "" for c in records], "",
        [c.phones[0][0] if c.phones else "" for c in records], "")


@settings(max_examples=400, deadline=None)
@given(people(4, plain=False), people(8, plain=False), st.sampled_from(["", "US"]))
def test_ties_are_the_rule_key_by_key(book, records, region):
    assert known_of(book, region).ties(records) == reference_ties(book, records, region)


@settings(max_examples=400, deadline=None)
@given(people(4, plain=False), people(8), st.sampled_from(["", "US"]))
def test_columns_are_tied_as_their_contacts(book, records, region):
    columns = columns_of(records)
    contacts = [entry.contact for entry in columns.entries()]
    ties = known_of(book, region).ties(contacts)
    tied = known_of(book, region).tied_to_book(columns)
    if TIED_IN_FILE in ties:
        assert tied is None
    else:
        assert tied == [tie == TIED_TO_BOOK for tie in ties]
    assert ties == reference_ties(book, contacts, region)


def test_a_name_twice_still_tells_its_pairs_and_numbers():
    """Two records of one name: their company or number, not the name, ties them."""
    known = known_of([], "US")
    bo = ContactData(first_name="Bo", last_name="Fox")
    same = [ContactData(first_name="Bo", last_name="Fox", company="Acme"),
            ContactData(first_name="bo", last_name="fox", company="ACME")]
    assert known.ties([bo, bo]) == [TIED_TO_NOTHING] * 2
    assert known.ties(same) == [TIED_IN_FILE] * 2
    assert known.tied_to_book(columns_of(same)) is None
    numbers = [ContactData(first_name="Bo", phones=[("+1 212 555 0100", "")]),
               ContactData(first_name="Bo", phones=[("(212) 555-0100", "")])]
    assert known.ties(numbers) == [TIED_IN_FILE] * 2
    assert known.tied_to_book(columns_of(numbers)) is None
    # One contact's two ways of writing a number tie it to itself.
    assert known.ties([ContactData(first_name="Cy", phones=[
        ("+1 212 555 0100", ""), ("2125550100", "")])]) == [TIED_IN_FILE]


@given(st.lists(st.tuples(st.sampled_from(FIRSTS), st.sampled_from(LASTS),
                          st.sampled_from(COMPANIES)), max_size=6))
def test_names_in_the_book_are_their_display_names(fields):
    firsts, lasts, companies = ([f[at] for f in fields] for at in range(3))
    assert names_in_the_book(firsts, lasts, companies) == [
        named_in_the_book(display_name(*f)) for f in fields]


def test_a_number_kept_as_typed_is_known_by_its_key(import_book, write_file):
    """A file again whose number the book keeps in another spelling (no region:
    kept as typed) is the book's contact again, told by the number's key."""
    from refdesk.exchange import import_contacts, read_contacts

    rows = ["First Name,Last Name,Email,Phone", "Ann,Lee,ann@x.org,555-0100"]
    import_contacts(import_book, write_file("a.csv", "\n".join(rows) + "\n"))
    again = write_file("b.csv", "\n".join([rows[0], "Ann,Lee,ann@x.org,555 0100"]) + "\n")
    known = KnownContacts.of_book(import_book, PhoneNormalizer(""))
    columns = read_contacts(again).columns
    assert columns is not None
    assert known.again(columns) == ["Ann Lee (in the book)"]
    other = read_contacts(write_file("c.csv", "\n".join(
        [rows[0], "Ann,Lee,ann@x.org,555 0101"]) + "\n")).columns
    assert other is not None and known.again(other) is None


def test_a_record_with_no_name_is_called_by_its_company():
    book = [ContactData(company="Acme"), ContactData(emails=[("z@x.org", "")])]
    records = [ContactData(company="ACME"), ContactData(first_name="Bo", company="Acme"),
               ContactData(), ContactData(company="Globex")]
    known = known_of(book, "")
    assert known.ties(records) == reference_ties(book, records, "") == [
        TIED_TO_BOOK, TIED_TO_NOTHING, TIED_TO_BOOK, TIED_TO_NOTHING]  # nameless, as the book's
    assert known_of(book, "").tied_to_book(columns_of(records)) == [True, False, True, False]


@given(st.lists(st.tuples(st.text(), st.text(), st.text()), max_size=5))
def test_names_folded_in_bulk_are_folded_one_by_one(fields):
    assert folded_names([f"{first} {last}" for first, last, _ in fields]) == [
        folded_name(first, last) for first, last, _ in fields]
    assert folded_names([company for _, _, company in fields]) == [
        folded_company(company) for _, _, company in fields]
