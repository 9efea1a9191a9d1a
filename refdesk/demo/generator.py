"""Writes a realistic demo book, deterministic for a seed and a date.

Each customer is drawn from an archetype (one per readiness level) and given
the facts that make it one: sale dates against the default ask plan, trust
evidence, complaints, referrals in flight, follow-ups owed. The first
contacts cycle through every archetype and stage, so even a small book
shows them all: every pipeline column (asked … lost), follow-ups overdue on
the demo's day, rewards, won sales linked to their referral, and referrals
the rep gave to customers. Rows are bulk-inserted in one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from refdesk.book import Book
from refdesk.book.records import AskPlanData
from refdesk.demo.people import TAGS, make_person
from refdesk.domain.followups import follow_ups_for_stage
from refdesk.domain.timing import CLOSING_SHARE
from refdesk.domain.vocabulary import TRUST_EVIDENCE
from refdesk.errors import RefdeskError
from refdesk.store.models import (
    Card,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    FollowUp,
    GivenReferral,
    Referral,
    ReferralStageChange,
    Reward,
    Sale,
    Tag,
    TestimonialCheck,
    Touchpoint,
)

PRODUCTS = (("Starter plan", 1200, 3000), ("Team plan", 4000, 12000),
            ("Onboarding package", 1500, 5000), ("Annual support", 2000, 6000),
            ("Consulting day", 900, 1800))
NEUTRAL = ("feedback",)
# Lower case: card templates say "please enjoy the {gift}".
REWARDS = (("tickets", "movie tickets for two", 30), ("gift_card", "lunch gift card", 25),
           ("wine", "bottle of wine", 40), ("discount", "10% off your next renewal", 0),
           ("free_service", "free tune-up session", 0))
# The demo rep, so its cards can be written and addressed.
REP = {"user_name": "Sam Rivera",
       "return_address": "Sam Rivera\n4 Oak Lane\nPortland, OR 97201",
       "review_links": [{"label": "Google reviews", "url": "https://example.com/review/sam"}]}
OCCASION_FOR = {"thank_within_day": "thank_intro", "status_report": "status_report",
                "thank_for_sale": "thank_sale"}
CHAIN = ("asked", "promised", "introduced", "contacted", "meeting")
OWING_STAGES = ("promised", "contacted", "won")  # entering these makes a thank-you due
# Evidence this many days old puts a default-plan window in its closing quarter.
COOLING_DAYS = AskPlanData().window_days - math.ceil(AskPlanData().window_days * CLOSING_SHARE)
PROJECTS = ("the office move last spring", "the new booking system", "their year-end audit",
            "the warehouse rollout", "the clinic's second location")
# Parents before children, so foreign keys hold at every insert.
INSERT_ORDER = (Tag, Contact, ContactEmail, ContactPhone, ContactTag, Referral,
                ReferralStageChange, Sale, Touchpoint, GivenReferral, TestimonialCheck,
                FollowUp, Reward, Card)
# Businesses the rep sends customers' way (method §2): a given referral's name.
SENT_THEIR_WAY = ("Harbor Physio", "Elm Street Bakery", "Northside Legal", "Bright Print Co",
                  "Maple Dental", "Summit Movers", "Green Leaf Catering")
# How a done follow-up was done: every one in the demo has its card, so mostly by
# card; the others say the card went with a call, a visit or a gift.
HOW_DONE = ("card", "card", "card", "call", "in_person", "gift", "email")

# Archetype per readiness level; in_progress / thank_due carry a stage.
WEIGHTS = {"not_yet": 10, "earning": 18, "ready": 14, "cooling": 18, "blocked": 6,
           "in_progress": 10, "thank_due": 8, "prospect": 16}
COVERAGE = (("ready", None), ("thank_due", "promised"), ("cooling", None),
            ("in_progress", "asked"), ("earning", None), ("blocked", None),
            ("not_yet", None), ("prospect", None), ("in_progress", "introduced"),
            ("thank_due", "contacted"), ("in_progress", "meeting"), ("thank_due", "won"),
            ("in_progress", "promised"), ("ready", "history-won"),
            ("cooling", "history-lost"), ("in_progress", "contacted"))


@dataclass
class DemoSummary:
    """What the generator wrote."""

    contacts: int = 0
    rows: Counter = field(default_factory=Counter)
    archetypes: Counter = field(default_factory=Counter)
    stages: Counter = field(default_factory=Counter)


class _Rows:
    """Rows per model with ids assigned here, so rows can point at each other."""

    def __init__(self) -> None:
        self.data: dict[type, list[dict]] = {}

    def add(self, model: type, **values: object) -> int:
        rows = self.data.setdefault(model, [])
        values["id"] = len(rows) + 1
        rows.append(values)
        return values["id"]

    def count(self, model: type) -> int:
        return len(self.data.get(model, []))


class _Writer:
    def __init__(self, rng: random.Random, as_of: dt.date, limit: int,
                 extras: random.Random | None = None):
        self.rng, self.as_of, self.limit = rng, as_of, limit
        # Details added with the referral pipeline draw from their own stream, so
        # the rest of a seed's book stays as it was before they existed.
        self.extras = extras or random.Random(0)
        self.rows = _Rows()
        self.summary = DemoSummary()
        self.tag_ids = {name: self.rows.add(Tag, name=name) for name in TAGS}

    def day(self, days_ago: int) -> dt.date:
        return self.as_of - dt.timedelta(days=days_ago)

    def room(self) -> bool:
        return self.rows.count(Contact) < self.limit

    def contact(self, kind: str, referred_by: int | None = None) -> int:
        rng = self.rng
        p = make_person(rng, self.rows.count(Contact) + 1)
        created = dt.datetime.combine(self.day(rng.randint(0, 730)), dt.time(9, 0))
        cid = self.rows.add(
            Contact, kind=kind, prefix="", first_name=p.first, middle_name="", last_name=p.last,
            suffix="", nickname="", company=p.company, title=p.title, street=p.street,
            city=p.city, region=p.region, postal_code=p.postal_code, country=p.country,
            notes="", referred_by=referred_by, created_at=created, updated_at=created)
        self.rows.add(ContactEmail, contact=cid, address=p.email, label="work", preferred=True)
        self.rows.add(ContactPhone, contact=cid, number=p.phone, label="work", preferred=True)
        for tag in rng.sample(TAGS, rng.randint(0, 2)):
            self.rows.add(ContactTag, contact=cid, tag=self.tag_ids[tag])
        return cid

    def sale(self, cid: int, on: dt.date, source: str = "other",
             referral: int | None = None) -> None:
        product, low, high = self.rng.choice(PRODUCTS)
        self.rows.add(Sale, contact=cid, sold_on=on, product=product, currency="USD",
                      amount=Decimal(self.rng.randrange(low, high, 50)), source=source,
                      referral=referral)

    def touch(self, cid: int, kind: str, on: dt.date, note: str = "",
              resolves: int | None = None) -> int:
        return self.rows.add(Touchpoint, contact=cid, kind=kind, happened_on=on, note=note,
                             resolves=resolves)

    # -- a customer's life ---------------------------------------------------
    def customer(self, archetype: str, stage: str | None) -> None:
        rng = self.rng
        cid = self.contact("customer")
        last_sale_ago = {
            "not_yet": rng.randint(0, 18), "earning": rng.randint(25, 70),
            "ready": rng.randint(25, 70), "cooling": rng.randint(95, 400),
            "blocked": rng.randint(25, 300), "in_progress": rng.randint(60, 300),
            "thank_due": rng.randint(60, 300),
        }[archetype]
        last_sale = self.day(last_sale_ago)
        first_sale = last_sale
        if rng.random() < 0.4 and last_sale_ago < 600:
            first_sale = self.day(rng.randint(last_sale_ago + 100, 720))
            self.sale(cid, first_sale)
        self.sale(cid, last_sale)
        if archetype != "not_yet" or rng.random() < 0.6:
            after_sale = last_sale + dt.timedelta(days=rng.randint(0, 2))
            self.touch(cid, "post_close", min(self.as_of, after_sale),
                       "Thanked them and said I'd ask later who else should work with me")
        self.background(cid, archetype, first_sale, last_sale)
        if archetype == "ready":
            for _ in range(rng.randint(2, 4)):
                kind = rng.choice(TRUST_EVIDENCE)
                self.touch(cid, kind, self.day(rng.randint(1, max(2, last_sale_ago - 1))))
            if rng.random() < 0.5:
                self.touch(cid, "problem_solved", self.day(rng.randint(1, 4)),
                           "Fixed their billing export the same day")
            if rng.random() < 0.75:  # the rest still owe the testimonial check before the ask
                self.testimonial(cid, self.day(rng.randint(1, 20)), promoter=True)
        elif archetype == "blocked":
            self.touch(cid, "complaint", self.day(rng.randint(3, 40)),
                       "Delivery was late and nobody called")
        elif archetype in ("in_progress", "thank_due"):
            for _ in range(3):
                self.touch(cid, rng.choice(TRUST_EVIDENCE), self.day(rng.randint(40, 55)))
            self.testimonial(cid, self.day(rng.randint(35, 39)), promoter=True)
            owed = archetype == "thank_due"
            final = stage or rng.choice(OWING_STAGES if owed else CHAIN)
            self.open_referral(cid, final, owed=owed)
        if stage == "history-won":
            self.history_referral(cid, "won", last_sale_ago)
        elif stage == "history-lost":
            self.history_referral(cid, "lost", last_sale_ago)
        elif stage is None and archetype in ("ready", "cooling", "earning") \
                and rng.random() < 0.45:
            self.history_referral(cid, rng.choice(("won", "won", "lost")), last_sale_ago)

    def background(self, cid: int, archetype: str, first_sale: dt.date,
                   last_sale: dt.date) -> None:
        """Everyday touchpoints; an earning customer gets at most one piece of evidence."""
        rng = self.rng
        evidence_left = 1 if archetype in ("earning", "not_yet") else 99
        # Fresh evidence re-warms the window, so a cooling customer's stops before it cools.
        warm_until = self.as_of if archetype != "cooling" else self.day(COOLING_DAYS)
        span = max(0, (self.as_of - first_sale).days)
        for _ in range(rng.randint(4, 16)):
            on = first_sale + dt.timedelta(days=rng.randint(0, span))
            kind = rng.choice(TRUST_EVIDENCE + NEUTRAL + ("complaint",))
            if kind in TRUST_EVIDENCE:
                if evidence_left <= 0 or on > warm_until:
                    kind = "feedback"
                evidence_left -= 1
            if kind == "complaint":
                complaint = self.touch(cid, "complaint", on, "Invoice was wrong")
                fix = min(self.as_of, on + dt.timedelta(days=rng.randint(1, 6)))
                self.touch(cid, "complaint_resolved", fix, "Credited and apologised",
                           resolves=complaint)
            elif kind == "gave_referral":
                self.gave_referral(cid, on)
            else:
                self.touch(cid, kind, on)

    def gave_referral(self, cid: int, on: dt.date) -> None:
        """Business sent to the customer: the trust touchpoint and the given referral."""
        name = self.extras.choice(SENT_THEIR_WAY)
        note = self.extras.choice(("needed a new supplier", "asked me who I'd trust", ""))
        words = f"Referred {name} to them" + (f": {note}" if note else "")
        touch = self.touch(cid, "gave_referral", on, words)
        self.rows.add(GivenReferral, customer=cid, referred=None, referred_name=name,
                      given_on=on, note=note, touchpoint=touch)

    def testimonial(self, cid: int, on: dt.date, promoter: bool) -> None:
        rng = self.rng
        score = rng.randint(9, 10) if promoter else rng.randint(3, 8)
        self.rows.add(TestimonialCheck, contact=cid, checked_on=on,
                      do_better="Send the monthly report a few days earlier",
                      done_right="You always answer the phone and fix things fast",
                      would_refer="Just ask me, I know two clinics that need this",
                      score=score, may_quote=promoter and rng.random() < 0.6)

    def referred_person(self, referrer: int) -> int | None:
        return self.contact("referred", referred_by=referrer) if self.room() else None

    def open_referral(self, cid: int, final: str, owed: bool) -> None:
        """A referral in flight; ``owed`` leaves its newest follow-up undone and due."""
        rng = self.rng
        stages = list(CHAIN[: CHAIN.index(final) + 1]) if final in CHAIN else [*CHAIN, final]
        if owed:
            lag = {"won": 3, "contacted": 2}.get(final, 1)
            end = self.day(lag + rng.randint(0, 4))  # its thank-you due today or overdue
        else:
            end = self.day(rng.randint(6, 25))
        start = end - dt.timedelta(days=3 * (len(stages) - 1))
        dates = [start + dt.timedelta(days=3 * i) for i in range(len(stages))]
        self.referral(cid, stages, dates, owe_last=owed)

    def history_referral(self, cid: int, outcome: str, last_sale_ago: int) -> None:
        """A closed referral from before the last sale, so it leaves the timing alone."""
        rng = self.rng
        start = self.day(rng.randint(last_sale_ago + 30, last_sale_ago + 400))
        stages = [*CHAIN, outcome]
        dates = [start + dt.timedelta(days=4 * i) for i in range(len(stages))]
        self.referral(cid, stages, dates, owe_last=False)

    def referral(self, cid: int, stages: list[str], dates: list[dt.date],
                 owe_last: bool) -> None:
        rng = self.rng
        final = stages[-1]
        referred = self.referred_person(cid) if final != "asked" else None
        rid = self.rows.add(Referral, referrer=cid, referred=referred, stage=final,
                            asked_on=dates[0], stage_on=dates[-1],
                            project=rng.choice(PROJECTS),
                            promised_action="call their friend this week", note="")
        kinds: list[str] = []
        for stage, on in zip(stages, dates, strict=True):
            self.rows.add(ReferralStageChange, referral=rid, stage=stage, changed_on=on, note="")
            for kind, due in follow_ups_for_stage(stage, on, kinds):
                kinds.append(kind)
                owed = owe_last and stage == final and kind == kinds[-1]
                done = None if owed else min(self.as_of, due - dt.timedelta(days=rng.randint(0, 1)))
                how = self.extras.choice(HOW_DONE) if done is not None else ""
                fid = self.rows.add(FollowUp, referral=rid, kind=kind, due_on=due,
                                    done_on=done, note="", done_how=how)
                if done is not None:
                    self.rows.add(Card, contact=cid, referral=rid, follow_up=fid,
                                  occasion=OCCASION_FOR[kind], message="Thank you!",
                                  style="", format="a2", ink="blue-black",
                                  seed=rng.randrange(1, 2**31), printed_on=done, sent_on=done,
                                  created_at=dt.datetime.combine(done, dt.time(8, 30)))
        self.summary.stages[final] += 1
        if final == "won":
            kind, text, cost = rng.choice(REWARDS)
            self.rows.add(Reward, referral=rid, contact=cid, kind=kind, description=text,
                          cost=Decimal(cost), given_on=dates[-1] + dt.timedelta(days=3))
            if referred is not None:
                self.rows.data[Contact][referred - 1]["kind"] = "customer"
                self.sale(referred, dates[-1], source="referral", referral=rid)


def write_demo_book(path: Path, contacts: int, *, as_of: dt.date,
                    seed: int = 1) -> DemoSummary:
    """Write a demo book of ``contacts`` contacts to ``path`` (which must be new or
    empty), its story told as of the day ``as_of``."""
    if contacts < 1:
        raise RefdeskError("A demo book needs at least one contact.")
    path = Path(path)
    book = Book.open(path)
    try:
        if not book.is_empty():
            raise RefdeskError(f"{path} already holds contacts; the demo writes only to a "
                               "new or empty book.")
        writer = _Writer(random.Random(seed), as_of, contacts,
                         extras=random.Random(f"pipeline-{seed}"))
        names = [a for a in WEIGHTS]
        weights = [WEIGHTS[a] for a in names]
        i = 0
        while writer.room():
            archetype, stage = (COVERAGE[i] if i < len(COVERAGE)
                                else (writer.rng.choices(names, weights)[0], None))
            i += 1
            writer.summary.archetypes[archetype] += 1
            if archetype == "prospect":
                writer.contact("prospect")
            else:
                writer.customer(archetype, stage)
        with book.atomic():
            for model in INSERT_ORDER:  # the book's own model class writes each table
                rows = writer.rows.data.get(model, [])
                bound = getattr(book.models, model.__name__)
                for start in range(0, len(rows), 500):
                    bound.insert_many(rows[start:start + 500]).execute()
            for key, value in REP.items():
                book.settings.set(key, value)
        summary = writer.summary
        summary.contacts = writer.rows.count(Contact)
        summary.rows = Counter({m.__name__: len(r) for m, r in writer.rows.data.items()})
        summary.stages = +summary.stages
        return summary
    finally:
        book.close()

