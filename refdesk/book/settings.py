"""Settings that travel with the book: who you are, the ask plans, card defaults."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from refdesk.book.activity import money
from refdesk.book.records import AskPlanData
from refdesk.domain.followups import (
    DEFAULT_FOLLOW_UP_DAYS,
    DEFAULT_WORKING_DAYS,
    validate_working_days,
)
from refdesk.domain.stages import DEFAULT_ROT_DAYS, validate_rot_days
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels
from refdesk.store.removal import Removed, put_back, remove

# The registry: every book setting with its default. A key not here is refused.
BOOK_SETTINGS: dict[str, Any] = {
    "user_name": "",
    "return_address": "",
    "review_links": [],  # [{"label": "Google", "url": "https://..."}]
    "follow_up_days": DEFAULT_FOLLOW_UP_DAYS,
    "printer_offset_mm": [0.0, 0.0],
    "printer_scale": 1.0,  # printer calibration beyond the offset: the fitted scale...
    "printer_rotation_deg": 0.0,  # ...and turn (refdesk.cards.calibration.Correction)
    "card_start_slot": 1,  # on a partly used sheet of several cards, the first one left
    "card_style": "",
    "card_format": "a2",
    "card_ink": "blue-black",
    "card_templates": {},  # {occasion: message template the user wrote}, else the default
    "card_user_styles_dir": "",  # a folder of the user's own .ttf handwriting fonts
    "card_paper": "letter",  # paper of the printer calibration page: letter or a4
    "phone_region": "",  # ISO country code for numbers typed without +; "" none
    "currency": "",  # the book's currency (ISO 4217); "" means the one most sales use
    # The referral pipeline (issue 11).
    "working_days": list(DEFAULT_WORKING_DAYS),  # Monday is 0: follow-ups fall due on these
    "stage_rot_days": DEFAULT_ROT_DAYS,  # {open stage: days in it before a referral rots}
    "reward_budget": "",  # monthly spend on rewards before a warning, as money text; "" none
    "ask_scripts": {},  # {script code: text the user wrote}, else the default script
}


def _check_budget(value: object) -> object:
    if value in ("", None):
        return ""
    return str(money(value, "The monthly reward budget"))


def _check_currency(value: object) -> str:
    text = str(value or "").strip().upper()
    if text and not (len(text) == 3 and text.isascii() and text.isalpha()):
        raise RefdeskError(f"The book's currency must be a three-letter code such as USD, "
                           f"not {value!r}.")
    return text


def _check_scripts(value: object) -> object:
    from refdesk.book.ask_scripts import validate_scripts  # ask_scripts reads settings

    return validate_scripts(value)


# Settings whose values are checked (and normalized) before they are stored.
_CHECKS: dict[str, Callable[[object], object]] = {
    "working_days": lambda v: list(validate_working_days(v)),
    "stage_rot_days": validate_rot_days,
    "reward_budget": _check_budget,
    "ask_scripts": _check_scripts,
    "currency": _check_currency,
}


class BookSettings:
    """Typed access to the book's settings and ask plans."""

    def __init__(self, models: BookModels):
        self._m, self._db = models, models.database

    def get(self, key: str) -> Any:
        """The value of ``key``, or its default when never set."""
        m = self._m
        default = _default(key)
        row = m.Setting.get_or_none(m.Setting.key == key)
        return json.loads(row.value) if row else json.loads(json.dumps(default))

    def set(self, key: str, value: Any) -> None:
        """Store ``key``; the value must be JSON-representable. A checked
        setting's bad value is a RefdeskError naming what is wrong."""
        m = self._m
        _default(key)
        if key in _CHECKS:
            value = _CHECKS[key](value)
        text = json.dumps(value)
        m.Setting.insert(key=key, value=text).on_conflict_replace().execute()

    def is_set(self, key: str) -> bool:
        """True when the book stores its own value for ``key``."""
        m = self._m
        _default(key)
        return m.Setting.select().where(m.Setting.key == key).exists()

    def unset(self, key: str) -> None:
        """Forget the book's own value: ``key`` reads its default again."""
        m = self._m
        _default(key)
        m.Setting.delete().where(m.Setting.key == key).execute()

    def working_days(self) -> tuple[int, ...]:
        """The weekdays the rep works (Monday is 0); the default when the stored
        value is unusable (a book edited by hand)."""
        try:
            return validate_working_days(self.get("working_days"))
        except RefdeskError:
            return DEFAULT_WORKING_DAYS

    def rot_limits(self) -> dict[str, int]:
        """Days in each open stage before a referral rots: the book's own, else the defaults."""
        try:
            own = validate_rot_days(self.get("stage_rot_days"))
        except RefdeskError:
            own = {}
        return {**DEFAULT_ROT_DAYS, **own}

    def reward_budget(self) -> Decimal | None:
        """The monthly reward budget, or None when none is set."""
        text = self.get("reward_budget")
        try:
            return money(text, "The monthly reward budget") if text not in ("", None) else None
        except RefdeskError:
            return None

    def ask_plan(self, product: str = "") -> AskPlanData:
        """The plan for ``product``, falling back to the book's default plan."""
        m = self._m
        row = m.AskPlan.get_or_none(m.AskPlan.product == product) if product else None
        row = row or m.AskPlan.get_or_none(m.AskPlan.product == "")
        if row is None:
            return AskPlanData()
        return AskPlanData(**{f.name: getattr(row, f.name)
                              for f in dataclasses.fields(AskPlanData)})

    def ask_plans(self) -> list[AskPlanData]:
        """The default plan first, then every product override."""
        m = self._m
        return [self.ask_plan()] + [self.ask_plan(row.product) for row in
                                    m.AskPlan.select().where(m.AskPlan.product != "")
                                    .order_by(m.AskPlan.product)]

    def set_ask_plan(self, plan: AskPlanData) -> None:
        """Store a plan (product "" is the default)."""
        m = self._m
        values = dataclasses.asdict(plan)
        for name, value in values.items():
            if name != "product" and (not isinstance(value, int) or value < 0):
                raise RefdeskError(f"Ask plan {name.replace('_', ' ')} must be a whole "
                                   f"number of zero or more, not {value!r}.")
        with self._db.atomic():
            # An upsert, not REPLACE: the row keeps its id, so an undone change
            # leaves the plan's row exactly as it was.
            changes = {k: v for k, v in values.items() if k != "product"}
            m.AskPlan.insert(**values).on_conflict(
                conflict_target=[m.AskPlan.product], update=changes).execute()

    def remove_ask_plan(self, product: str) -> Removed | None:
        """Drop a product's own plan; it follows the default again. What was
        removed, for ``restore_ask_plan`` (None: it had no plan of its own)."""
        m = self._m
        row = m.AskPlan.get_or_none(m.AskPlan.product == product) if product else None
        return remove(self._db, m.AskPlan._meta.table_name, row.id) if row else None

    def restore_ask_plan(self, removed: Removed) -> None:
        """Put back a plan ``remove_ask_plan`` dropped, as the same row."""
        put_back(self._db, removed)


def _default(key: str) -> Any:
    if key not in BOOK_SETTINGS:
        raise RefdeskError(f"Unknown book setting {key!r}.")
    return BOOK_SETTINGS[key]
