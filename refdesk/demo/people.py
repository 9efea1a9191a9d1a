"""Made-up people, companies and places for the demo book.

A few names use Polish, Vietnamese, Greek and Cyrillic letters, as a real
rep's book does, so cards and imports meet them in the demo too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "Maria", "Fred", "Aisha", "James", "Olivia", "Liam", "Sofia", "Noah", "Emma", "Lucas",
    "Priya", "Daniel", "Chloe", "Mateo", "Grace", "Ethan", "Hannah", "Omar", "Isabel", "Ravi",
    "Ava", "Samuel", "Mia", "Benjamin", "Zoe", "Henry", "Leah", "Jack", "Nora", "Diego",
    "Ingrid", "Kenji", "Fatima", "Tomás", "Claire", "Marcus", "Elena", "Tariq", "Ruth", "Owen",
)
LAST_NAMES = (
    "Garcia", "Smith", "Johnson", "Okafor", "Brown", "Nguyen", "Miller", "Davis", "Lopez",
    "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Martin", "Lee", "Patel", "Clark",
    "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
    "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
    "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
)
# (first, last, city index into INTERNATIONAL): people whose names need more than ASCII.
INTERNATIONAL_PEOPLE = (
    ("Łukasz", "Wójcik", 0), ("Zofia", "Żurawska", 0), ("Nguyễn Thị", "Hương", 1),
    ("Trần Văn", "Đức", 1), ("Γιώργος", "Παπαδόπουλος", 2), ("Ελένη", "Κωνσταντίνου", 2),
    ("Дмитрий", "Иванов", 3), ("Анна", "Смирнова", 3), ("Søren", "Kierkegård", 4),
    ("José", "Muñoz", 5),
)
INTERNATIONAL = (
    ("Kraków", "", "31-042", "Poland"), ("Hà Nội", "", "100000", "Vietnam"),
    ("Αθήνα", "", "105 57", "Greece"), ("Москва", "", "101000", "Russia"),
    ("København", "", "1050", "Denmark"), ("Sevilla", "", "41001", "Spain"),
)
COMPANY_HEADS = ("Blue", "North", "Bright", "Cedar", "Summit", "Harbor", "Maple", "Iron",
                 "Silver", "Oak", "River", "Pioneer", "Keystone", "Granite", "Lakeside")
COMPANY_TAILS = ("Dental", "Logistics", "Bakery", "Architects", "Fitness", "Legal",
                 "Print Co.", "Landscaping", "Clinic", "Marketing", "Builders", "Realty",
                 "Accounting", "Florists", "Auto Repair")
TITLES = ("Owner", "Office Manager", "Operations Director", "Founder", "Managing Partner",
          "Practice Manager", "CEO", "Head of Purchasing", "General Manager")
STREETS = ("Oak Street", "Maple Avenue", "Main Street", "Cedar Lane", "Park Road",
           "Elm Street", "Lake Drive", "Hill Road", "River Way", "Market Street")
US_PLACES = (("Springfield", "IL", "62701"), ("Portland", "OR", "97205"),
             ("Austin", "TX", "78701"), ("Madison", "WI", "53703"),
             ("Burlington", "VT", "05401"), ("Boulder", "CO", "80302"),
             ("Savannah", "GA", "31401"), ("Ann Arbor", "MI", "48104"))
TAGS = ("vip", "local", "healthcare", "retail", "trades", "professional services",
        "event met", "newsletter")


@dataclass
class Person:
    first: str
    last: str
    company: str
    title: str
    email: str
    phone: str
    street: str
    city: str
    region: str
    postal_code: str
    country: str


def _ascii_slug(text: str) -> str:
    import unicodedata

    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in flat.lower() if ch.isalnum()) or "contact"


def make_person(rng: random.Random, serial: int) -> Person:
    """A plausible, made-up person (deterministic for the generator's state)."""
    city_idx = None
    if rng.random() < 0.04:
        first, last, city_idx = rng.choice(INTERNATIONAL_PEOPLE)
    else:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = f"{rng.choice(COMPANY_HEADS)} {rng.choice(COMPANY_TAILS)}"
    domain = _ascii_slug(company) + rng.choice((".com", ".net", ".co"))
    # serial keeps addresses unique in big books
    email = f"{_ascii_slug(first)}.{_ascii_slug(last)}{serial}@{domain}"
    street = f"{rng.randint(1, 2400)} {rng.choice(STREETS)}"
    if city_idx is not None:
        city, region, postal, country = INTERNATIONAL[city_idx]
        code = rng.choice((30, 34, 45, 48, 84))
        phone = f"+{code} {rng.randint(200, 999)} {rng.randint(100000, 999999)}"
    else:
        city, region, postal = rng.choice(US_PLACES)
        country = "USA"
        # 555-01xx numbers are reserved for fiction.
        phone = f"+1 {rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"
    return Person(first, last, company, rng.choice(TITLES), email, phone, street, city,
                  region, postal, country)
