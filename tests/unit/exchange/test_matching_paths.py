"""A file told all new (KnownContacts.none_known) or all there again (_Plan._all_again)
imports as matched one by one."""

from __future__ import annotations

import random

import pytest

from refdesk.book.records import ContactData
from refdesk.exchange import import_contacts
from refdesk.exchange.duplicates import KnownContacts
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
    real = KnownContacts.none_known
    monkeypatch.setattr(KnownContacts, "none_known",
                        lambda self, contacts: told.append(real(self, contacts)) or told[-1])
    bulk = import_contacts(import_book, path, dry_run=True)
    assert told == [not shared]  # each file is told as it was made
    monkeypatch.setattr(KnownContacts, "none_known", lambda self, contacts: False)
    one_by_one = import_contacts(import_book, path, dry_run=True)
    assert bulk.as_json() == one_by_one.as_json()


def test_only_a_file_of_strangers_is_told_all_new(import_book):
    import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                         emails=[("ann@x.org", "")],
                                         phones=[("+12125550100", "")]))
    known = KnownContacts.of_book(import_book, PhoneNormalizer(""))

    def contact(first="Bo", last="Fox", company="", email="", phone=""):
        return ContactData(first_name=first, last_name=last, company=company,
                           emails=[(email, "")] if email else [],
                           phones=[(phone, "")] if phone else [])

    assert known.none_known([contact(email="bo@x.org"), contact(first="Cy", company="Acme")])
    assert not known.none_known([contact(email="ANN@x.org")])  # the book's address
    assert not known.none_known([contact(first="Ann", last="Lee")])  # the book's name
    assert not known.none_known([contact(first="Cy", phone="+12125550100"),
                                 contact(first="Cy", phone="+12125550100")])
    assert not known.none_known([contact(company="Acme"), contact(company="ACME")])
    assert not known.none_known([contact(email="a@y.org"), contact(first="Di", email="A@y.org")])


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
