"""Header names from real exports map to the right contact fields."""

from __future__ import annotations

import pytest

from refdesk.exchange.csv_columns import THUNDERBIRD_ORDER, Column, classify, normalize


@pytest.mark.parametrize(("header", "column"), [
    # Google (old and new exports)
    ("Given Name", Column("first_name")),
    ("Family Name", Column("last_name")),
    ("Additional Name", Column("middle_name")),
    ("Name", Column("full_name")),
    ("Name Prefix", Column("prefix")),
    ("E-mail 1 - Value", Column("email", slot="1")),
    ("E-mail 2 - Type", Column("email_label", slot="2")),
    ("E-mail 1 - Label", Column("email_label", slot="1")),
    ("Phone 3 - Value", Column("phone", slot="3")),
    ("Address 1 - Postal Code", Column("address", slot="1", part="postal_code")),
    ("Address 1 - Formatted", Column("address", slot="1", part="formatted")),
    ("Organization 1 - Name", Column("company")),
    ("Organization Name", Column("company")),
    ("Organization 1 - Title", Column("title")),
    ("Group Membership", Column("tags")),
    ("Labels", Column("tags")),
    # Outlook
    ("E-mail Address", Column("email")),
    ("E-mail 2 Address", Column("email", slot="2")),
    ("E-mail Type", None),
    ("E-mail Display Name", None),
    ("Business Phone", Column("phone", part="work")),
    ("Mobile Phone", Column("phone", part="mobile")),
    ("Home Fax", Column("phone", part="home fax")),
    ("Company Main Phone", Column("phone", part="work")),
    ("Assistant's Phone", Column("phone", part="assistant")),
    ("Business Street 2", Column("address", slot="work", part="street2")),
    ("Business Country/Region", Column("address", slot="work", part="country")),
    ("Home Postal Code", Column("address", slot="home", part="postal_code")),
    ("Categories", Column("tags")),
    ("Company", Column("company")),
    ("Job Title", Column("title")),
    # Thunderbird
    ("Primary Email", Column("email")),
    ("Secondary Email", Column("email")),
    ("Mobile Number", Column("phone", part="mobile")),
    ("Fax Number", Column("phone", part="fax")),
    ("Work ZipCode", Column("address", slot="work", part="postal_code")),
    ("Home Address 2", Column("address", slot="home", part="street2")),
    ("Organization", Column("company")),
    ("Display Name", Column("full_name")),
    ("Screen Name", None),
    ("Web Page 1", None),
    ("Birth Year", None),
    # Apple-style and hand-made
    ("Work Email", Column("email", part="work")),
    ("EMAIL", Column("email")),
    ("  first   name ", Column("first_name")),
    ("Cell", Column("phone", part="mobile")),
    ("Zip", Column("address", slot="main", part="postal_code")),
    ("Department", None),
    ("", None),
])
def test_classify(header, column):
    assert classify(header) == column


def test_title_is_a_prefix_only_beside_a_job_title():
    assert classify("Title") == Column("title")
    assert classify("Title", job_title_column=True) == Column("prefix")


def test_normalize():
    assert normalize("E-mail 2 - Value") == "email 2 value"
    assert normalize("Business Country/Region") == "business country region"


def test_every_thunderbird_column_holding_contact_data_is_known():
    kept = {h for h in THUNDERBIRD_ORDER if classify(h) is not None}
    assert kept >= {"First Name", "Last Name", "Display Name", "Nickname", "Primary Email",
                    "Secondary Email", "Work Phone", "Home Phone", "Mobile Number",
                    "Home Address", "Home City", "Work Address", "Job Title",
                    "Organization", "Notes"}
