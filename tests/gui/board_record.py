"""A board record for view tests: Maria Garcia, ready to be asked, with any field changed."""

from __future__ import annotations

import datetime as dt

from refdesk.domain.board_rows import ContactReadiness

AS_OF = dt.date(2026, 11, 22)  # the demo books' day (conftest's fixed day)


def board_record(**changes) -> ContactReadiness:
    """A ready customer with six reasons; ``changes`` replace any of its fields."""
    fields = dict(id=1, name="Maria Garcia", company="Garcia Dental", kind="customer",
                  email="", tags=(), products=("Team plan",), level="ready", score=80,
                  reasons=("sale 69 days ago", "problem solved 2 days ago", "10 trust points",
                           "testimonial score 10 on 19 Nov (promoter)",
                           "no open complaints (one resolved 22 Nov)", "last asked never"),
                  next_action="run the testimonial check, then ask", action="ask",
                  last_sale_on=AS_OF, last_touch_on=AS_OF, days_since_touch=0)
    fields.update(changes)
    return ContactReadiness(**fields)
