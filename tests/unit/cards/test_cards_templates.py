"""Default messages per occasion, and merge errors that name the field before rendering."""

from __future__ import annotations

import pytest
from cards_pdf import FIELDS

from refdesk.cards.templates import FIELDS as KNOWN
from refdesk.cards.templates import OCCASIONS, fields_in, get_occasion, merge, template_for
from refdesk.errors import RefdeskError


def test_the_five_occasions_exist_with_warm_short_defaults():
    assert set(OCCASIONS) == {"thank_intro", "status_report", "thank_sale", "thank_business",
                              "thank_testimonial"}
    for code, occasion in OCCASIONS.items():
        text = merge(occasion.template, FIELDS)
        assert text.startswith("Dear Fred,")
        assert text.rstrip().endswith("Sam")
        assert len(text) < 330, code
        assert set(fields_in(occasion.template)) <= set(KNOWN)
    assert "You were right, Maria" in merge(template_for("status_report"), FIELDS)
    assert "lunch for two at Rosa's" in merge(template_for("thank_sale"), FIELDS)
    assert "Maria Kowalski" in merge(template_for("thank_intro"), FIELDS)


def test_unknown_field_is_named():
    with pytest.raises(RefdeskError, match=r"unknown field \{nickname\}"):
        merge("Dear {nickname},", FIELDS)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_or_empty_value_is_named(value):
    fields = dict(FIELDS, gift=value)
    with pytest.raises(RefdeskError, match=r"\{gift\}.*empty"):
        merge(template_for("thank_sale"), fields)
    fields.pop("gift")
    with pytest.raises(RefdeskError, match=r"\{gift\}"):
        merge(template_for("thank_sale"), fields)


def test_several_problems_are_named_together():
    with pytest.raises(RefdeskError) as err:
        merge("Dear {first_name}, thanks for {project}. {my_name}", {"my_name": "Sam"})
    assert "{first_name}" in str(err.value) and "{project}" in str(err.value)


@pytest.mark.parametrize("template", ["Dear {first_name.upper},", "Dear {first_name!r},",
                                      "Dear {first_name:>30},", "Dear {0},", "Dear {first_name"])
def test_anything_but_a_plain_field_is_refused(template):
    with pytest.raises(RefdeskError):
        merge(template, FIELDS)


def test_values_are_inserted_literally():
    fields = dict(FIELDS, first_name="{my_name} <b>x</b>")
    assert merge("Dear {first_name}, {{not a field}}", fields) == \
        "Dear {my_name} <b>x</b>, {not a field}"


def test_unknown_occasion():
    with pytest.raises(RefdeskError, match="thank_intro"):
        get_occasion("birthday")
