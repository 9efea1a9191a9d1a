"""Which contact field a CSV column holds, from the header names real exports use.

Covers Google Contacts (old and new), Outlook, Thunderbird, Apple-style and
hand-made headers. Headers are compared loosely: case, punctuation and
"E-mail" versus "Email" do not matter.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Column(NamedTuple):
    """What one CSV column holds.

    ``kind`` is a ContactData field name, or one of "full_name", "email",
    "email_label", "phone", "phone_label", "address", "address_label", "tags".
    ``slot`` groups columns that belong together (Google's "E-mail 2 - Type"
    and "E-mail 2 - Value"; Outlook's "Home Street" and "Home City").
    ``part`` is the address part, or the fixed label of an e-mail or phone.
    """

    kind: str
    slot: str = ""
    part: str = ""


# Thunderbird's own export order, used for files without a header row.
THUNDERBIRD_ORDER = (
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email",
    "Secondary Email", "Work Phone", "Home Phone", "Fax Number", "Pager Number",
    "Mobile Number", "Home Address", "Home Address 2", "Home City", "Home State",
    "Home ZipCode", "Home Country", "Work Address", "Work Address 2", "Work City",
    "Work State", "Work ZipCode", "Work Country", "Job Title", "Department",
    "Organization", "Web Page 1", "Web Page 2", "Birth Year", "Birth Month", "Birth Day",
    "Custom 1", "Custom 2", "Custom 3", "Custom 4", "Notes", "Screen Name",
)

_SIMPLE = {
    "first_name": ("first name", "given name", "first", "firstname", "forename", "vorname"),
    "middle_name": ("middle name", "additional name", "middle", "middle names"),
    "last_name": ("last name", "family name", "surname", "last", "lastname", "nachname"),
    "prefix": ("name prefix", "prefix", "honorific prefix", "salutation"),
    "suffix": ("name suffix", "suffix", "honorific suffix"),
    "nickname": ("nickname", "nick name", "nick"),
    "full_name": ("name", "display name", "full name", "contact name", "displayname",
                  "contact"),
    "company": ("company", "organization", "organisation", "organization name",
                "organisation name", "organization 1 name", "company name", "employer",
                "account name"),
    "title": ("job title", "organization title", "organization 1 title", "position",
              "jobtitle", "role"),
    "notes": ("notes", "note", "comments", "comment"),
    "tags": ("categories", "category", "group membership", "groups", "labels", "tags"),
}
_BY_NAME = {name: kind for kind, names in _SIMPLE.items() for name in names}

_ADDRESS_PARTS = {
    "street": ("street", "address", "address 1", "street 1", "address line 1",
               "street address"),
    "street2": ("street 2", "address 2", "address line 2"),
    "street3": ("street 3", "address 3", "address line 3"),
    "city": ("city", "town", "locality"),
    "region": ("state", "region", "province", "state province", "county"),
    "postal_code": ("postal code", "zip", "zipcode", "zip code", "postcode", "post code",
                    "zip postal code"),
    "country": ("country", "country region", "country name"),
    "po_box": ("po box", "pobox", "p o box"),
    "extended": ("extended address",),
    "formatted": ("formatted", "formatted address"),
}
_PART_BY_NAME = {name: part for part, names in _ADDRESS_PARTS.items() for name in names}
_PLACES = {"home": "home", "business": "work", "work": "work", "other": "other",
           "office": "work", "private": "home"}

_PHONE_WORDS = {"phone", "mobile", "cell", "cellular", "fax", "pager", "tel", "telephone"}


# Headers of Japanese, Chinese and Korean exports (Thunderbird, Outlook,
# Google), as the English header they stand for: normalize() keeps only
# Latin letters and digits.
_LOCALIZED = {
    # Japanese
    "名": "First Name", "姓": "Last Name", "表示名": "Display Name", "ニックネーム": "Nickname",
    "メールアドレス": "Primary Email", "電子メール アドレス": "E-mail Address",
    "電子メール": "E-mail Address", "第 2 メールアドレス": "Secondary Email",
    "勤務先電話番号": "Work Phone", "自宅電話番号": "Home Phone", "携帯電話番号": "Mobile Phone",
    "携帯電話": "Mobile Phone", "電話番号": "Phone", "勤務先": "Company", "会社": "Company",
    "会社名": "Company", "所属": "Company", "役職": "Job Title", "メモ": "Notes",
    "ミドル ネーム": "Middle Name",
    # Chinese
    "显示名称": "Display Name", "显示名": "Display Name", "姓名": "Name", "昵称": "Nickname",
    "电子邮件地址": "E-mail Address", "电子邮件": "E-mail Address", "主要电子邮件": "Primary Email",
    "工作电话": "Work Phone", "家庭电话": "Home Phone", "移动电话": "Mobile Phone",
    "手机": "Mobile Phone", "电话": "Phone", "公司": "Company", "单位": "Company",
    "职位": "Job Title", "职务": "Job Title", "备注": "Notes",
    # Korean
    "이름": "First Name", "성": "Last Name", "표시 이름": "Display Name", "별명": "Nickname",
    "전자 메일 주소": "E-mail Address", "전자 메일": "E-mail Address", "이메일": "E-mail Address",
    "회사": "Company", "직함": "Job Title", "직위": "Job Title", "휴대폰": "Mobile Phone",
    "휴대 전화": "Mobile Phone", "회사 전화": "Work Phone", "집 전화": "Home Phone",
    "전화": "Phone", "메모": "Notes",
}


def normalize(header: str) -> str:
    """Lower-case, "e-mail" as "email", punctuation as single spaces."""
    text = header.strip().lower().replace("e-mail", "email").replace("e mail", "email")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def classify_header(header: list[str]) -> list[Column | None]:
    """What each cell of a header row names (None: a column not kept)."""
    job_title = any(normalize(cell) == "job title" for cell in header)
    return [classify(cell, job_title_column=job_title) for cell in header]


def classify(header: str, *, job_title_column: bool = False) -> Column | None:
    """The column ``header`` names, or None for one refdesk does not keep.

    ``job_title_column``: the file also has "Job Title", so a bare "Title" is
    Outlook's Mr./Ms. rather than a job title.
    """
    name = normalize(_LOCALIZED.get(" ".join(header.split()), header))
    if not name:
        return None
    numbered = _numbered(name)
    if numbered:
        return numbered
    if name == "title":
        return Column("prefix" if job_title_column else "title")
    if name in _BY_NAME:
        return Column(_BY_NAME[name])
    address = _address(name)
    if address:
        return address
    words = set(name.split())
    if "email" in words:
        if words & {"type", "display", "label"}:
            return None  # Outlook's "E-mail Type" (SMTP) and "E-mail Display Name"
        return Column("email", part=_place(words))
    if words & _PHONE_WORDS:
        return Column("phone", part=_phone_label(words))
    return None


def _numbered(name: str) -> Column | None:
    # Google: "E-mail 1 - Value", "Phone 2 - Type", "Address 1 - City";
    # Outlook: "E-mail 2 Address", "E-mail 2 Type".
    match = re.fullmatch(r"(email|phone|address) (\d+) (.+)", name)
    if not match:
        return None
    what, slot, rest = match.groups()
    if rest in ("type", "label"):
        return Column(f"{what}_label", slot=slot)
    if what in ("email", "phone"):
        return Column(what, slot=slot) if rest in ("value", "address") else None
    part = _PART_BY_NAME.get(rest)
    return Column("address", slot=slot, part=part) if part else None


def _address(name: str) -> Column | None:
    first, _, rest = name.partition(" ")
    if first in _PLACES and rest in _PART_BY_NAME:
        return Column("address", slot=_PLACES[first], part=_PART_BY_NAME[rest])
    if name in _PART_BY_NAME:
        return Column("address", slot="main", part=_PART_BY_NAME[name])
    return None


def _place(words: set[str]) -> str:
    if words & {"work", "business", "office"}:
        return "work"
    if words & {"home", "personal", "private"}:
        return "home"
    return ""


def _phone_label(words: set[str]) -> str:
    place = _place(words)
    if words & {"mobile", "cell", "cellular"}:
        return "mobile"
    if "fax" in words:
        return f"{place} fax".strip()
    if "pager" in words:
        return "pager"
    if "assistant" in words:
        return "assistant"
    if "car" in words:
        return "car"
    if words & {"company", "main"} and not place:
        return "work"
    return place
