"""Every contact of a book with all its fields, in a few queries (not four
a contact): for export through the models (load_contacts), and for an
import's matching in bare SQL (book_contacts)."""

from __future__ import annotations

from collections.abc import Iterable

from refdesk.book import Book
from refdesk.book.records import ContactData

_SCALARS = ("kind", "prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
            "company", "title", "street", "city", "region", "postal_code", "country", "notes")


def load_contacts(book: Book, ids: Iterable[int] | None = None) -> list[ContactData]:
    """The contacts (all, or those of ``ids``) sorted by last name, first name and
    number, as ``Contacts.get`` gives them: preferred e-mail and phone first,
    tags sorted. ``Contacts.get`` one by one costs four queries a contact."""
    m = book.models
    wanted = None if ids is None else set(ids)
    contacts: dict[int, ContactData] = {}
    columns = [getattr(m.Contact, f) for f in _SCALARS]
    query = (m.Contact.select(m.Contact.id, m.Contact.referred_by, *columns)
             .order_by(m.Contact.last_name, m.Contact.first_name, m.Contact.id).tuples())
    for cid, referred_by, *values in query.iterator():  # tuples: no model objects
        if wanted is None or cid in wanted:
            contacts[cid] = ContactData(**dict(zip(_SCALARS, values, strict=True)),
                                        referred_by=referred_by, id=cid)
    emails, phones = m.ContactEmail, m.ContactPhone
    for cid, address, label in (emails.select(emails.contact, emails.address, emails.label)
                                .order_by(emails.preferred.desc(), emails.id).tuples()):
        if cid in contacts:
            contacts[cid].emails.append((address, label))
    for cid, number, label in (phones.select(phones.contact, phones.number, phones.label)
                               .order_by(phones.preferred.desc(), phones.id).tuples()):
        if cid in contacts:
            contacts[cid].phones.append((number, label))
    for cid, name in (m.ContactTag.select(m.ContactTag.contact, m.Tag.name).join(m.Tag)
                      .order_by(m.Tag.name).tuples()):
        if cid in contacts:
            contacts[cid].tags.append(name)
    return list(contacts.values())


_FIELDS = ("id", *_SCALARS, "referred_by")
_COLUMNS = [*_FIELDS[1:-1], "referred_by_id"]


def _any_filled(column: str) -> str:
    test = "IS NOT NULL" if column == "referred_by_id" else "<> ''"
    return f'EXISTS (SELECT 1 FROM "contact" WHERE "{column}" {test})'


# Whether any contact fills each column after kind.
_FILLED = "SELECT " + ", ".join(map(_any_filled, _COLUMNS[1:]))


# (contact id, address or number, label), each contact's preferred first.
_EMAIL_ROWS = ('SELECT contact_id, address, label FROM "contact_email" '
               "ORDER BY contact_id, preferred DESC, id")
_PHONE_ROWS = ('SELECT contact_id, number, label FROM "contact_phone" '
               "ORDER BY contact_id, preferred DESC, id")


def book_contacts(book: Book) -> dict[int, ContactData]:
    """Every contact of ``book`` by id, in id order, as ``Contacts.get`` gives
    it (preferred e-mail and phone first, tags sorted). Bare SQL: Peewee's
    rows cost most of a re-import of 20,000 contacts; fetchall() spares the
    book cursor's Python step per row."""
    cursor = book.db.connection().cursor()
    contacts: dict[int, ContactData] = {}
    new = object.__new__
    # A column no contact fills (most of them, in a book of imports) is not
    # fetched: a value fetched costs pysqlite about a thousand instructions,
    # a look for any filled one a quarter of that.
    filled = cursor.execute(_FILLED).fetchone()
    kept = [column for column, used in zip(_COLUMNS[1:], filled, strict=True) if used]
    names = ["id", "kind", *(name for name, used in zip(_FIELDS[2:], filled, strict=True)
                             if used)]
    # Every field in one dict, copied for each contact and given its values:
    # whole from the start, it never grows and rehashes as it fills.
    blank = ContactData().__dict__
    for row in cursor.execute(
            f'SELECT {", ".join(["id", "kind", *kept])} FROM "contact" ORDER BY id').fetchall():
        # Filled as a dict: ContactData's init with keywords costs twice as much.
        fields = blank.copy()
        fields.update(zip(names, row, strict=True))
        fields["emails"], fields["phones"], fields["tags"] = [], [], []
        contact = contacts[row[0]] = new(ContactData)
        contact.__dict__ = fields
    for cid, address, label in cursor.execute(_EMAIL_ROWS).fetchall():
        if cid in contacts:
            contacts[cid].emails.append((address, label))
    for cid, number, label in cursor.execute(_PHONE_ROWS).fetchall():
        if cid in contacts:
            contacts[cid].phones.append((number, label))
    for cid, name in cursor.execute(
            'SELECT ct.contact_id, t.name FROM "contact_tag" ct JOIN "tag" t '
            "ON t.id = ct.tag_id ORDER BY t.name").fetchall():
        if cid in contacts:
            contacts[cid].tags.append(name)
    return contacts
