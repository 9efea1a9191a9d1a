"""Settings that travel with the book: who you are, the ask plans, card defaults."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from refdesk.book.records import AskPlanData
from refdesk.domain.followups import DEFAULT_FOLLOW_UP_DAYS
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
    "card_style": "",
    "card_format": "a2",
    "card_ink": "blue-black",
    "card_templates": {},  # {occasion: message template the user wrote}, else the default
    "card_user_styles_dir": "",  # a folder of the user's own .ttf handwriting fonts
    "card_paper": "letter",  # paper of the printer calibration page: letter or a4
    "phone_region": "",  # ISO country code for numbers typed without +; "" none
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
        """Store ``key``; the value must be JSON-representable."""
        m = self._m
        _default(key)
        text = json.dumps(value)
        m.Setting.insert(key=key, value=text).on_conflict_replace().execute()

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
