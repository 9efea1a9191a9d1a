"""Cards from the book: merge values, templates, settings and specs, checked before drawing."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from test_cards_book_records import AS_OF, fill_book

from refdesk.book.records import ContactData
from refdesk.cards import render_pdf
from refdesk.cards.card_jobs import (
    CardChoice,
    book_template,
    build_spec,
    card_defaults,
    card_facts,
    card_styles,
    default_choice,
    job_for,
    merge_message,
    owed_jobs,
    postal_lines,
    record_printed,
)
from refdesk.errors import RefdeskError


@pytest.fixture
def people(book):
    return fill_book(book)


def test_merge_values_come_from_the_contact_the_referral_its_reward_and_settings(book, people):
    facts = card_facts(book, people.fred, people.referral)
    assert facts.fields == {
        "name": "Fred Jones", "first_name": "Fred", "company": "Jones Builders",
        "my_name": "Sam Rivera", "referred_name": "Maria Kowalski",
        "referred_first_name": "Maria", "gift": "lunch for two at Rosa's",
        "project": "the new warehouse roof"}
    assert facts.missing == {}
    assert facts.address == ("12 Elm Street", "Springfield, IL 62704")


def test_without_a_referral_the_project_is_the_last_sale_and_referral_fields_say_why(book,
                                                                                      people):
    facts = card_facts(book, people.fred)
    assert facts.fields["project"] == "Roof repair"
    assert "not about a referral" in facts.missing["gift"]
    ann = card_facts(book, people.ann)
    assert ann.address == () and "Ann Lee has no company" in ann.missing["company"]


def test_an_empty_field_is_named_with_the_reason_and_the_fix(book, people):
    book.settings.set("user_name", "")
    facts = card_facts(book, people.fred, people.referral)
    with pytest.raises(RefdeskError, match=r"\{my_name\} is empty: your name is not set "
                                           r"\(Cards > Card Settings\)"):
        merge_message("Thanks!\n\n{my_name}", facts)
    # A value given for the card (--field my_name=...) fills the gap.
    assert merge_message("Thanks!\n\n{my_name}", facts, {"my_name": "Sam"}) == "Thanks!\n\nSam"
    ann = card_facts(book, people.ann)
    with pytest.raises(RefdeskError, match=r"card for Ann Lee: \{referred_first_name\} and "
                                           r"\{gift\} are empty: this card is not about a "
                                           "referral; {my_name} is empty"):
        merge_message(book_template(book, "thank_sale"), ann)


def test_an_unknown_field_is_named(book, people):
    facts = card_facts(book, people.fred, people.referral)
    with pytest.raises(RefdeskError, match=r"card for Fred Jones: .*unknown field \{nickname\}"):
        merge_message("Hi {nickname}, thanks {my_name}!", facts)


def test_the_users_template_replaces_the_default(book, people):
    assert "introducing me to {referred_name}" in book_template(book, "thank_intro")
    book.settings.set("card_templates", {"thank_intro": "Hey {first_name}!\n\nCheers,\n"
                                                        "{my_name}"})
    assert book_template(book, "thank_intro").startswith("Hey {first_name}!")
    assert "status_report" not in book.settings.get("card_templates")
    assert "You were right" in book_template(book, "status_report")
    with pytest.raises(RefdeskError, match="unknown card occasion"):
        book_template(book, "birthday")


def test_defaults_come_from_the_book_settings(book, people):
    book.settings.set("card_style", "kristi")
    book.settings.set("card_format", "postcard")
    book.settings.set("card_ink", "#224466")
    book.settings.set("printer_offset_mm", [1.5, -2])
    book.settings.set("return_address", "Sam Rivera\n\n1 Main St\nSpringfield, IL 62701")
    book.settings.set("review_links", [{"label": "", "url": " "},
                                       {"label": "Google", "url": "https://g.page/r/sam"}])
    d = card_defaults(book)
    assert (d.style, d.format, d.ink, d.offset_mm) == ("kristi", "postcard", "#224466",
                                                        (1.5, -2.0))
    assert d.return_address == ("Sam Rivera", "1 Main St", "Springfield, IL 62701")
    assert d.review_link == "https://g.page/r/sam"
    spec = build_spec(card_facts(book, people.fred, people.referral),
                      book_template(book, "thank_intro"), default_choice(d, seed=5))
    assert (spec.style, spec.format, spec.ink, spec.seed) == ("kristi", "postcard", "#224466", 5)
    assert spec.message.startswith("Dear Fred,") and "Maria Kowalski" in spec.message


def test_an_envelope_needs_the_contacts_postal_address(book, people):
    choice = CardChoice(format="env-a2", return_address=("Sam", "1 Main St"))
    spec = build_spec(card_facts(book, people.fred), "", choice)
    assert spec.address == ("12 Elm Street", "Springfield, IL 62704")
    assert spec.recipient == "Fred Jones" and spec.message == ""
    with pytest.raises(RefdeskError, match="Ann Lee has no postal address"):
        build_spec(card_facts(book, people.ann), "", choice)


def test_postal_lines_skip_what_is_empty():
    contact = ContactData(street="Flat 2\n 9 High St ", city="Leeds", postal_code="LS1 4AP",
                          country="United Kingdom")
    assert postal_lines(contact) == ("Flat 2", "9 High St", "Leeds, LS1 4AP", "United Kingdom")


def test_owed_jobs_render_with_the_names_and_reprints_reuse_the_card(book, people):
    choice = default_choice(card_defaults(book))
    jobs, problems = owed_jobs(book, AS_OF, choice)
    assert problems == []
    assert [j.occasion for j in jobs] == ["thank_intro", "status_report", "thank_sale"]
    pdf = render_pdf([j.spec for j in jobs], styles=card_styles(card_defaults(book)))
    reader = PdfReader(io.BytesIO(pdf))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(texts) == 3 and all(t.startswith("Dear Fred,") for t in texts)
    assert "Maria Kowalski" in texts[0] and "Rosa's" in texts[2]
    ids = record_printed(book, jobs, AS_OF)
    again, _ = owed_jobs(book, AS_OF, replace(choice, style="kristi"))
    assert [j.card_id for j in again] == ids
    assert [j.spec.seed for j in again] == [j.spec.seed for j in jobs]  # the same hand
    assert record_printed(book, again, AS_OF) == ids  # no second card per follow-up
    assert len(book.cards.for_contact(people.fred)) == 3
    assert book.cards.get(ids[0]).style == "kristi"


def test_a_card_that_cannot_be_made_is_reported_not_fatal(book, people):
    book.settings.set("user_name", "")
    jobs, problems = owed_jobs(book, AS_OF, default_choice(card_defaults(book)))
    assert jobs == [] and len(problems) == 3
    assert all("{my_name} is empty" in why for _, why in problems)
    # The same job with a name given on the command line works.
    job = job_for(book, people.fred, "thank_sale", default_choice(card_defaults(book)),
                  follow_up=problems[2][0], overrides={"my_name": "Sam"})
    assert job.spec.message.endswith("Sam") and job.follow_up_id == problems[2][0].id
