"""Contacts: add, edit, read, delete, and the list rows views show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from peewee import IntegrityError

from refdesk.book.records import ContactData, ContactRow
from refdesk.domain.vocabulary import CONTACT_KINDS
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels
from refdesk.store.removal import Removed, put_back, remove

_SCALAR_FIELDS = ("kind", "prefix", "first_name", "middle_name", "last_name", "suffix",
                  "nickname", "company", "title", "street", "city", "region",
                  "postal_code", "country", "notes")


class Contacts:
    """The book's contacts."""

    def __init__(self, models: BookModels):
        self._m, self._db = models, models.database

    def count(self) -> int:
        """How many contacts the book holds."""
        m = self._m
        return m.Contact.select().count()

    def add(self, data: ContactData) -> int:
        """Store a new contact; return its id."""
        m = self._m
        _validate(data)
        with self._db.atomic():
            contact = m.Contact.create(**_scalars(data), referred_by=data.referred_by)
            _write_children(m, contact.id, data)
        return contact.id

    def update(self, contact_id: int, data: ContactData) -> None:
        """Replace the contact's fields with ``data``."""
        m = self._m
        _validate(data)
        with self._db.atomic():
            changed = (m.Contact.update(**_scalars(data), referred_by=data.referred_by,
                                        updated_at=dt.datetime.now().replace(microsecond=0))
                       .where(m.Contact.id == contact_id).execute())
            if not changed:
                raise RefdeskError(f"There is no contact #{contact_id}.")
            m.ContactEmail.delete().where(m.ContactEmail.contact == contact_id).execute()
            m.ContactPhone.delete().where(m.ContactPhone.contact == contact_id).execute()
            m.ContactTag.delete().where(m.ContactTag.contact == contact_id).execute()
            _write_children(m, contact_id, data)

    def get(self, contact_id: int) -> ContactData:
        """The contact with all its fields; RefdeskError if there is none."""
        m = self._m
        contact = m.Contact.get_or_none(m.Contact.id == contact_id)
        if contact is None:
            raise RefdeskError(f"There is no contact #{contact_id}.")
        data = ContactData(**{f: getattr(contact, f) for f in _SCALAR_FIELDS},
                           referred_by=contact.referred_by_id, id=contact.id)
        emails, phones = m.ContactEmail, m.ContactPhone
        data.emails = [(e.address, e.label) for e in
                       contact.emails.order_by(emails.preferred.desc(), emails.id)]
        data.phones = [(p.number, p.label) for p in
                       contact.phones.order_by(phones.preferred.desc(), phones.id)]
        data.tags = [t.name for t in m.Tag.select().join(m.ContactTag)
                     .where(m.ContactTag.contact == contact_id).order_by(m.Tag.name)]
        return data

    def delete(self, contact_id: int | Sequence[int]) -> Removed:
        """Delete the contact (or several) and what belongs only to them (sales,
        touchpoints...); return all of it, for ``restore``."""
        m = self._m
        return remove(self._db, m.Contact._meta.table_name, contact_id)

    def restore(self, removed: Removed) -> int:
        """Put a deleted contact back as it was; return its id: the same one,
        unless a new row took an id meanwhile (then all restored rows get new
        ids, and the caller must not rely on the old ones)."""
        try:
            return put_back(self._db, removed)
        except IntegrityError:  # rolled back: an id is taken, so come back under new ones
            pass
        try:
            return put_back(self._db, removed, fresh_ids=True)
        except IntegrityError as exc:  # rolled back: the book is as it was
            raise RefdeskError(f"Cannot restore contact #{removed.row_id}: the book has "
                               f"changed since it was deleted ({exc}).") from exc

    def set_kind(self, contact_id: int, kind: str) -> None:
        """Make the contact a customer, prospect or referred person."""
        m = self._m
        if kind not in CONTACT_KINDS:
            raise RefdeskError(f"Unknown contact kind {kind!r}.")
        m.Contact.update(kind=kind).where(m.Contact.id == contact_id).execute()

    def add_tag(self, contact_ids: list[int], tag: str) -> list[int]:
        """Tag many contacts at once; return the ids that did not have the tag."""
        m = self._m
        name = tag.strip()
        if not name:
            raise RefdeskError("A tag needs a name.")
        with self._db.atomic():
            tag_row, _ = m.Tag.get_or_create(name=name)
            have = {r.contact_id for r in m.ContactTag.select(m.ContactTag.contact)
                    .where((m.ContactTag.tag == tag_row) & m.ContactTag.contact.in_(contact_ids))}
            new = [cid for cid in dict.fromkeys(contact_ids) if cid not in have]
            if new:
                m.ContactTag.insert_many([{"contact": c, "tag": tag_row} for c in new]).execute()
        return new

    def remove_tag(self, contact_ids: list[int], tag: str) -> None:
        """Take a tag off these contacts (the undo of add_tag)."""
        m = self._m
        tag_row = m.Tag.get_or_none(m.Tag.name == tag.strip())
        if tag_row is not None:
            m.ContactTag.delete().where((m.ContactTag.tag == tag_row)
                                        & m.ContactTag.contact.in_(contact_ids)).execute()

    def drop_unused_tags(self, names: Iterable[str]) -> list[tuple[int, str]]:
        """Forget these tags where no contact has them any more (an undo that
        took back the tag it brought leaves no name behind); the (id, name)
        rows dropped, for ``put_back_tags``."""
        m = self._m
        wanted = [n.strip() for n in names if n.strip()]
        if not wanted:
            return []
        unused = m.Tag.select(m.Tag.id, m.Tag.name).where(
            m.Tag.name.in_(wanted) & m.Tag.id.not_in(m.ContactTag.select(m.ContactTag.tag)))
        dropped = list(unused.tuples())
        if dropped:
            m.Tag.delete().where(m.Tag.id.in_([i for i, _ in dropped])).execute()
        return dropped

    def put_back_tags(self, rows: Iterable[tuple[int, str]]) -> None:
        """Bring back tags dropped by ``drop_unused_tags``, under their own ids."""
        m = self._m
        values = [{"id": i, "name": n} for i, n in rows]
        if values:
            m.Tag.insert_many(values).on_conflict_ignore().execute()

    def email_addresses(self) -> list[tuple[int, str]]:
        """(contact id, address) of every email in the book, in one query."""
        m = self._m
        return list(m.ContactEmail.select(m.ContactEmail.contact, m.ContactEmail.address).tuples())

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        m = self._m
        return [t.name for t in m.Tag.select().join(m.ContactTag).distinct()
                .order_by(m.Tag.name)]

    def rows(self) -> list[ContactRow]:
        """Every contact as a list row, sorted by name, in one query."""
        # Raw rows straight from SQLite: Peewee's per-value conversion costs
        # more than the query itself for a 10,000-contact book.
        cursor = self._db.execute_sql(_ROWS_SQL)
        return [ContactRow._make(row) for row in cursor.fetchall()]


_ROWS_SQL = """
SELECT c.id,
       CASE WHEN c.first_name || c.last_name != ''
            THEN trim(c.first_name || ' ' || c.last_name)
            ELSE CASE WHEN c.company != '' THEN c.company ELSE '(no name)' END END,
       c.company, c.kind,
       coalesce((SELECT min(e.address) FROM contact_email e WHERE e.contact_id = c.id), ''),
       coalesce((SELECT min(p.number) FROM contact_phone p WHERE p.contact_id = c.id), ''),
       coalesce((SELECT group_concat(t.name, ', ') FROM contact_tag ct
                 JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '')
FROM contact c
ORDER BY c.last_name, c.first_name, c.id
"""


def _validate(data: ContactData) -> None:
    if data.kind not in CONTACT_KINDS:
        raise RefdeskError(f"Unknown contact kind {data.kind!r}; use one of "
                           f"{', '.join(CONTACT_KINDS)}.")
    if not (data.first_name.strip() or data.last_name.strip() or data.company.strip()):
        raise RefdeskError("A contact needs a first name, a last name or a company.")


def _scalars(data: ContactData) -> dict[str, str]:
    return {f: (getattr(data, f) or "").strip() if f != "notes" else data.notes
            for f in _SCALAR_FIELDS}


def _write_children(m: BookModels, contact_id: int, data: ContactData) -> None:
    emails = [{"contact": contact_id, "address": a.strip(), "label": label, "preferred": i == 0}
              for i, (a, label) in enumerate(data.emails) if a.strip()]
    phones = [{"contact": contact_id, "number": n.strip(), "label": label, "preferred": i == 0}
              for i, (n, label) in enumerate(data.phones) if n.strip()]
    if emails:
        m.ContactEmail.insert_many(emails).execute()
    if phones:
        m.ContactPhone.insert_many(phones).execute()
    names = list(dict.fromkeys(t.strip() for t in data.tags if t.strip()))
    if names:  # the contact has no tags yet (new, or cleared by update)
        m.ContactTag.insert_many([{"contact": contact_id, "tag": tag_id}
                                  for tag_id in _tag_ids(m, names)]).execute()


def _tag_ids(m: BookModels, names: list[str]) -> list[int]:
    """The ids of these tags, creating the missing ones: two queries, not two a tag
    (an import of 5,000 tagged contacts spent most of its time here)."""
    known = {t.name: t.id for t in m.Tag.select(m.Tag.id, m.Tag.name)
             .where(m.Tag.name.in_(names))}
    for name in names:
        if name not in known:
            known[name] = m.Tag.insert(name=name).execute()
    return [known[name] for name in names]
