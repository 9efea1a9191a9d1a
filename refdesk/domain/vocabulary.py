"""The method's words: contact kinds, touchpoint kinds, stages, follow-ups.

Codes are stored in the book; labels are what the user reads.
"""

from __future__ import annotations

# The board's codes live here, not with the rules that choose them (readiness):
# the board's views read them before a warm start's first paint.
# The order a rep works the board in; also the order `refdesk today` prints.
LEVELS: dict[str, str] = {
    "thank_due": "Thank due",
    "ready": "Ready",
    "cooling": "Cooling",
    "in_progress": "In progress",
    "earning": "Earning",
    "blocked": "Blocked",
    "not_yet": "Not yet",
}
# What the next action asks the rep to do, for the GUI to open the right dialog.
ACTIONS = ("thank", "resolve_complaint", "advance_referral", "record_sale", "post_close",
           "testimonial_check", "ask", "earn", "wait")

CONTACT_KINDS: dict[str, str] = {
    "customer": "Customer",
    "prospect": "Prospect",
    "referred": "Referred",
}

TOUCHPOINT_KINDS: dict[str, str] = {
    "service_delivered": "Exceptional service delivered",
    "problem_solved": "Problem solved",
    "proactive": "Anticipated a need",
    "extra_value": "Extra value given",
    "gave_referral": "Gave them a referral",
    "social": "Social meeting",
    "complaint": "Complaint",
    "complaint_resolved": "Complaint resolved",
    "post_close": "Post-close conversation",
    "feedback": "Feedback",
}

# Touchpoints that are evidence the right to ask has been earned (method §2).
TRUST_EVIDENCE = ("service_delivered", "problem_solved", "proactive", "extra_value",
                  "gave_referral", "social")

REFERRAL_STAGES: dict[str, str] = {
    "asked": "Asked",
    "promised": "Promised",
    "introduced": "Introduced",
    "contacted": "Contacted",
    "meeting": "Meeting",
    "won": "Won",
    "lost": "Lost",
}
OPEN_STAGES = ("asked", "promised", "introduced", "contacted", "meeting")
CLOSED_STAGES = ("won", "lost")

FOLLOW_UP_KINDS: dict[str, str] = {
    "thank_within_day": "Thank the referrer",
    "status_report": "Status report and thanks",
    "thank_for_sale": "Thank for the sale",
}

# How a follow-up was done, recorded when it is marked done.
FOLLOW_UP_HOW: dict[str, str] = {
    "card": "Card",
    "call": "Call",
    "email": "Email",
    "gift": "Gift",
    "in_person": "In person",
}

REWARD_KINDS: dict[str, str] = {
    "gift": "Gift",
    "gift_card": "Gift card",
    "tickets": "Tickets",
    "wine": "Wine",
    "meal": "Lunch or dinner",
    "discount": "Discount",
    "free_service": "Free service",
    "other": "Other",
}

SALE_SOURCES = ("referral", "other")
