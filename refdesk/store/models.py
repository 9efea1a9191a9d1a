"""Peewee models for a refdesk book: contacts and everything the method tracks.

The classes here declare the schema and are bound to no database. Each open
book gets its own subclasses bound to its own database (``bind_models``), so
two books open in one process (or a board evaluated on a worker thread for
one while the window writes another) never reach each other's file.
The schema itself is created by the ordered migrations in ``migrations/``;
these classes must describe the newest schema (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import NamedTuple

from peewee import (
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from refdesk.domain.names import display_name


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = None  # unbound: a book's own subclasses name its database
        legacy_table_names = False


class Contact(BaseModel):
    # Not indexed (book format 3): no query is quicker with an index on kind,
    # last name or company (see migrations/0003_unused_indexes.sql).
    kind = CharField(default="customer")
    prefix = CharField(default="")
    first_name = CharField(default="")
    middle_name = CharField(default="")
    last_name = CharField(default="")
    suffix = CharField(default="")
    nickname = CharField(default="")
    company = CharField(default="")
    title = CharField(default="")
    # Postal address, one per contact: it goes on the thank-you envelope.
    street = TextField(default="")
    city = CharField(default="")
    region = CharField(default="")
    postal_code = CharField(default="")
    country = CharField(default="")
    notes = TextField(default="")
    # Indexed where set (book format 4): see the index after the class.
    referred_by = ForeignKeyField("self", null=True, backref="referred_contacts",
                                  on_delete="SET NULL", index=False)
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)
    # Archived instead of deleted when referrals name them: their history stays.
    archived = BooleanField(default=False)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


# Most contacts have no referrer: their NULL entries helped no query and cost
# every contact written (migrations/0004_referrer_index_where_set.sql).
Contact.add_index(Contact.index(Contact.referred_by).where(Contact.referred_by.is_null(False)))


class ContactEmail(BaseModel):
    contact = ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    address = CharField()  # compared case-blind: a plain index is no use (format 3)
    label = CharField(default="")
    preferred = BooleanField(default=False)


class ContactPhone(BaseModel):
    contact = ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    number = CharField()
    label = CharField(default="")
    preferred = BooleanField(default=False)


class Tag(BaseModel):
    name = CharField(unique=True)


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True),)


class Referral(BaseModel):
    referrer = ForeignKeyField(Contact, backref="referrals_given", on_delete="CASCADE")
    # Empty while only asked: the referred person may not be named yet.
    referred = ForeignKeyField(Contact, null=True, backref="referrals_received",
                               on_delete="SET NULL")
    stage = CharField(default="asked", index=True)
    asked_on = DateField()
    stage_on = DateField()
    project = TextField(default="")  # the particular work you did for them
    promised_action = TextField(default="")  # e.g. "email Fred this week"
    note = TextField(default="")


class ReferralStageChange(BaseModel):
    referral = ForeignKeyField(Referral, backref="history", on_delete="CASCADE")
    stage = CharField()
    changed_on = DateField()
    note = TextField(default="")


class Sale(BaseModel):
    contact = ForeignKeyField(Contact, backref="sales", on_delete="CASCADE")
    sold_on = DateField(index=True)
    amount = DecimalField(max_digits=14, decimal_places=2, auto_round=True, default=0)
    currency = CharField(default="USD")
    product = CharField(default="", index=True)
    source = CharField(default="other")
    referral = ForeignKeyField(Referral, null=True, backref="sales", on_delete="SET NULL")


class Touchpoint(BaseModel):
    contact = ForeignKeyField(Contact, backref="touchpoints", on_delete="CASCADE")
    happened_on = DateField(index=True)
    kind = CharField(index=True)
    note = TextField(default="")
    # A "complaint_resolved" touchpoint names the complaint it closes.
    resolves = ForeignKeyField("self", null=True, backref="resolutions", on_delete="SET NULL")


class GivenReferral(BaseModel):
    """Business the rep sent to a customer's company (method §2): never counted
    as a referral asked or won. ``touchpoint`` is the gave_referral touchpoint
    logged with it, which is what counts as trust."""

    customer = ForeignKeyField(Contact, backref="referrals_given_to", on_delete="CASCADE")
    # Someone in the book, or only a name typed in.
    referred = ForeignKeyField(Contact, null=True, backref="sent_to_customers",
                               on_delete="SET NULL")
    referred_name = CharField(default="")
    given_on = DateField()
    note = TextField(default="")
    touchpoint = ForeignKeyField(Touchpoint, null=True, backref="given_referrals",
                                 on_delete="SET NULL")


class TestimonialCheck(BaseModel):
    contact = ForeignKeyField(Contact, backref="testimonial_checks", on_delete="CASCADE")
    checked_on = DateField()
    do_better = TextField(default="")  # what could we do better
    done_right = TextField(default="")  # what have we done right so far
    would_refer = TextField(default="")  # what would it take to refer others
    score = IntegerField(null=True)  # 0-10, Net Promoter scale
    may_quote = BooleanField(default=False)


class FollowUp(BaseModel):
    referral = ForeignKeyField(Referral, backref="follow_ups", on_delete="CASCADE")
    kind = CharField()
    due_on = DateField(index=True)
    done_on = DateField(null=True)
    note = TextField(default="")
    done_how = CharField(default="")  # a FOLLOW_UP_HOW code, "" while open


class Reward(BaseModel):
    referral = ForeignKeyField(Referral, null=True, backref="rewards", on_delete="SET NULL")
    contact = ForeignKeyField(Contact, backref="rewards", on_delete="CASCADE")
    kind = CharField(default="gift")
    description = TextField(default="")
    cost = DecimalField(max_digits=12, decimal_places=2, auto_round=True, default=0)
    given_on = DateField()


class Card(BaseModel):
    contact = ForeignKeyField(Contact, backref="cards", on_delete="CASCADE")
    referral = ForeignKeyField(Referral, null=True, backref="cards", on_delete="SET NULL")
    follow_up = ForeignKeyField(FollowUp, null=True, backref="cards", on_delete="SET NULL")
    occasion = CharField()
    message = TextField(default="")
    style = CharField(default="")
    format = CharField(default="a2")
    ink = CharField(default="blue-black")
    seed = IntegerField(default=0)
    created_at = DateTimeField(default=_now)
    printed_on = DateField(null=True)
    sent_on = DateField(null=True)


class AskPlan(BaseModel):
    """When to ask: the method's timing defaults, or one product's override.

    ``product`` is "" for the book-wide default plan.
    """

    product = CharField(unique=True, default="")
    benefit_days = IntegerField(default=21)
    window_days = IntegerField(default=60)
    cooldown_days = IntegerField(default=90)
    cooldown_thanked_days = IntegerField(default=30)
    min_trust = IntegerField(default=2)  # evidence points that count as earned trust
    promoter_score = IntegerField(default=9)


class Setting(BaseModel):
    """Book-wide settings that travel with the book, stored as JSON text."""

    key = CharField(primary_key=True)
    value = TextField()


# In foreign-key order: each model comes after those it refers to.
ALL_MODELS: tuple[type[BaseModel], ...] = (
    Contact, ContactEmail, ContactPhone, Tag, ContactTag, Referral, ReferralStageChange,
    Sale, Touchpoint, GivenReferral, TestimonialCheck, FollowUp, Reward, Card, AskPlan,
    Setting,
)


class BookModels(NamedTuple):
    """One book's models: subclasses of the declared ones, bound to its database."""

    database: Database
    Contact: type[Contact]
    ContactEmail: type[ContactEmail]
    ContactPhone: type[ContactPhone]
    Tag: type[Tag]
    ContactTag: type[ContactTag]
    Referral: type[Referral]
    ReferralStageChange: type[ReferralStageChange]
    Sale: type[Sale]
    Touchpoint: type[Touchpoint]
    GivenReferral: type[GivenReferral]
    TestimonialCheck: type[TestimonialCheck]
    FollowUp: type[FollowUp]
    Reward: type[Reward]
    Card: type[Card]
    AskPlan: type[AskPlan]
    Setting: type[Setting]

    @property
    def all(self) -> tuple[type[BaseModel], ...]:
        """Every bound model, in ALL_MODELS' (foreign-key) order."""
        return tuple(getattr(self, model.__name__) for model in ALL_MODELS)


def bind_models(database: Database) -> BookModels:
    """Subclasses of every model bound to ``database``: same tables and columns,
    each foreign key pointing at its bound sibling (so joins and backrefs stay
    within the book). The declared classes are left as they are.

    Not Model.bind() or Database.bind_ctx(): those rebind the shared classes,
    which a board evaluated on a worker thread for another book would see.
    Building the set costs about 2 ms; a Book builds it once, when it opens.
    """
    bound: dict[str, type[BaseModel]] = {}
    for model in ALL_MODELS:
        attrs = {"__module__": model.__module__, "__qualname__": model.__qualname__,
                 "Meta": type("Meta", (), {"database": database,
                                           "table_name": model._meta.table_name})}
        # Every field given here, in order: Peewee would deep-copy those left to
        # inheritance, five times slower, and give their keys default backrefs.
        for name, field in model._meta.fields.items():
            attrs[name] = _rebound(field, bound) if isinstance(field, ForeignKeyField) \
                else copy(field)
        bound[model.__name__] = type(model)(model.__name__, (model,), attrs)
    return BookModels(database=database, **bound)


def _rebound(field: ForeignKeyField, bound: dict[str, type[BaseModel]]) -> ForeignKeyField:
    """A copy of ``field`` (bound to its declared model) pointing at the bound
    sibling of its target; Peewee binds the copy to the new class."""
    clone = copy(field)
    if not field._is_self_reference:  # a "self" key binds to the new class by itself
        clone.rel_model = bound[field.rel_model.__name__]
    clone.rel_field = field.rel_field.name
    # bind() moves the declared backref into .backref: declare it again.
    clone.declared_backref, clone.backref = field.backref, None
    return clone
