"""vCard reading: every real export in the fixtures, then the syntax corner cases."""

from __future__ import annotations

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import read_contacts
from refdesk.exchange.vcard_reader import read_vcard

N = "\u00d1"  # Ñ, which the Android export writes in quoted-printable UTF-8


def only(result):
    assert len(result.contacts) == 1, result.contacts
    return result.contacts[0]


def test_android_quoted_printable_utf8_and_pref(address_book):
    result = read_vcard(address_book("ez-vcard__John_Doe_ANDROID.vcf"))
    assert result.format == "vCard" and result.records == 6
    contacts = result.contacts
    assert [(c.first_name, c.last_name) for c in contacts] == [
        ("John", "Doe"), ("Jane", "Doe"), ("", f"{N} {N} {N} {N}"),
        ("", " ".join([N] * 11)), (f"{N} {N} {N}", f"{N} {N}"), ("", N * 4)]
    assert contacts[0].emails == [("john.doe@company.com", "")]
    assert contacts[2].phones == [("123456789", "mobile")]
    # TEL;CELL;PREF first, then the file's order; labels from bare 2.1 types.
    assert contacts[3].phones == [("123456", "mobile"), ("234567", "home"),
                                  ("3456789", "mobile"), ("45678901", "home")]
    assert contacts[3].notes.startswith(f"{N} {N} {N}")
    bob = contacts[4]
    assert bob.emails == [("bob@company.com", "work")]
    assert bob.company == N * 12  # the first of two ORG lines, folded by "=" soft breaks
    # A "=" soft break closed by a blank line (then another ORG) must not swallow it.
    assert contacts[5].company == N * 44
    assert contacts[5].emails == [("henry@company.com", "")]
    assert contacts[5].phones == [("55556666", "mobile")]
    # Android's "My Contacts" group would tag everyone: it is not a tag.
    assert all(c.tags == [] for c in contacts)
    messages = [(p.record, p.message, p.skipped) for p in result.problems]
    assert (1, "no name or company; named after the e-mail address", False) in messages
    assert (5, f"e-mail '{N * 14}' is not an e-mail address; left out", False) in messages
    assert not result.skipped


def test_blackberry_inline_photo_is_ignored(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_BLACK_BERRY.vcf")))
    assert (contact.first_name, contact.last_name) == ("john", "Doe")
    assert contact.company == "Acme Solutions"
    assert contact.phones == [("+96123456789", "mobile")]
    assert contact.notes == "" and contact.emails == []


def test_evolution_folded_lines_escapes_and_categories(address_book):
    result = read_vcard(address_book("ez-vcard__John_Doe_EVOLUTION.vcf"))
    contact = only(result)
    assert (contact.prefix, contact.first_name, contact.middle_name, contact.last_name,
            contact.suffix) == ("Mr.", "John", "Richter, James", "Doe", "Sr.")
    assert contact.nickname == "Johny"
    assert (contact.company, contact.title) == ("IBM", "Money Counter")
    assert contact.emails == [("john.doe@ibm.com", "work")]  # folded inside the address
    assert contact.phones == [("905-666-1234", "mobile"), ("905-555-1234", "work")]
    assert contact.street == "15 Crescent moon drive\nASB-123"
    assert (contact.city, contact.region, contact.postal_code, contact.country) == (
        "Albaney", "New York", "12345", "United States of America")
    assert contact.tags == ["VIP"]
    assert contact.notes.startswith('THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND '
                                    'CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED '
                                    "WARRANTIES, INCLUDING, BUT NOT LIMITED TO")
    assert "SERVICES; LOSS OF USE" in contact.notes
    assert result.problems == []


def test_gmail_address_all_in_one_component(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_GMAIL.vcf")))
    assert (contact.first_name, contact.middle_name, contact.last_name) == (
        "John", "Richter, James", "Doe")
    assert contact.emails == [("john.doe@ibm.com", "home")]
    assert contact.phones == [("905-555-1234", "mobile"), ("905-666-1234", "home")]
    assert contact.company == "IBM" and contact.title == "Money Counter"
    assert contact.street == ("Crescent moon drive\n555-asd\nNice Area, Albaney, New York "
                              "12345\nUnited States of America")
    assert 'CONTRIBUTORS "AS IS"' in contact.notes
    assert contact.notes.endswith("DAMAGE.\nFavotire Color: Blue")


def test_iphone_cr_cr_lf_custom_labels_and_preferred_address(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_IPHONE.vcf")))
    assert (contact.prefix, contact.first_name, contact.middle_name, contact.last_name,
            contact.suffix, contact.nickname) == (
        "Mr.", "John", "Richter James", "Doe", "Sr.", "Johny")
    assert (contact.company, contact.title) == ("IBM", "Money Counter")
    assert contact.emails == [("john.doe@ibm.com", "")]
    assert contact.phones == [
        ("905-555-1234", "mobile"), ("905-666-1234", "home"), ("905-777-1234", "work"),
        ("905-888-1234", "home fax"), ("905-999-1234", "work fax"),
        ("905-111-1234", "pager"), ("905-222-1234", "assistant phone")]
    # type=pref picks the home address over the work one.
    assert (contact.street, contact.city, contact.region, contact.postal_code,
            contact.country) == ("Silicon Alley 5", "New York", "New York", "12345",
                                 "United States of America")


def test_lotus_notes(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_LOTUS_NOTES.vcf")))
    assert (contact.prefix, contact.first_name, contact.middle_name, contact.last_name,
            contact.suffix) == ("Mr.", "John", "Johny", "Doe", "I")
    assert contact.nickname == "Johny,JayJay"  # an escaped comma is not a list
    assert (contact.company, contact.title) == ("IBM", "Generic Accountant")
    assert contact.emails == [("john.doe@ibm.com", "work"), ("billy_bob@gmail.com", "work")]
    assert contact.phones == [("+1 (212) 204-34456", "mobile"),
                              ("00-1-212-555-7777", "work fax")]
    assert contact.street == "25334\nSouth cresent drive, Building 5, 3rd floo r"
    assert (contact.city, contact.postal_code, contact.country) == (
        "New York", "NYC887", "U.S.A.")


def test_mac_address_book_pref_phone_first(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_MAC_ADDRESS_BOOK.vcf")))
    assert (contact.first_name, contact.last_name, contact.company) == ("John", "Doe", "IBM")
    assert contact.emails == [("john.doe@ibm.com", "work")]
    assert contact.phones[0] == ("905-777-1234", "work")
    assert contact.phones[-1] == ("905-222-1234", "AssistantPhone")  # the user's own label
    assert contact.street == "Silicon Alley 5,"
    assert contact.notes.endswith("Favotire Color: Blue")


def test_outlook_2_1_preferred_work_address(address_book):
    contact = only(read_vcard(address_book("ez-vcard__John_Doe_MS_OUTLOOK.vcf")))
    assert (contact.prefix, contact.first_name, contact.last_name, contact.suffix) == (
        "Mr.", "John", "Doe", "Sr.")
    assert (contact.company, contact.title, contact.nickname) == (
        "IBM", "Money Counter", "Johny")
    assert contact.emails == [("john.doe@ibm.cm", "")]
    assert contact.phones == [("(905) 555-1234", "work"), ("(905) 666-1234", "home")]
    assert (contact.street, contact.city, contact.region, contact.postal_code,
            contact.country) == ("Cresent moon drive", "Albaney", "New York", "12345",
                                 "United States of America")
    assert contact.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD")


def test_gmail_single_item_labels(address_book):
    contact = only(read_vcard(address_book("ez-vcard__gmail-single.vcf")))
    assert (contact.first_name, contact.last_name, contact.nickname) == (
        "Greg", "Dartmouth", "Gman")
    assert contact.emails == [("gdartmouth@hotmail.com", "")]
    assert contact.phones == [("555 555 1111", "mobile"), ("555 555 2222", "GRAND_CENTRAL")]
    assert (contact.company, contact.title) == ("TheCompany", "TheJobTitle")
    assert contact.street == "123 Home St\nHome City, HM 12345"
    assert contact.notes == ("This is GMail's note field.\nIt should be added as a NOTE "
                             "type.\nACustomField: CustomField")


def test_outlook_2007_quoted_printable_note(address_book):
    contact = only(read_vcard(address_book("ez-vcard__outlook-2007.vcf")))
    assert (contact.prefix, contact.first_name, contact.last_name, contact.suffix,
            contact.nickname) == ("Mr.", "Michael", "Angstadt", "Jr.", "Mike")
    assert (contact.company, contact.title) == ("TheCompany", "TheJobTitle")
    assert contact.emails == [("mike.angstadt@gmail.com", "")]
    assert contact.phones == [("(111) 555-1111", "work"), ("(111) 555-2222", "home"),
                              ("(111) 555-4444", "mobile"), ("(111) 555-3333", "work fax")]
    assert (contact.street, contact.city, contact.region, contact.postal_code,
            contact.country) == ("222 Broadway\nTheOffice", "New York", "NY", "99999", "USA")
    assert contact.notes.splitlines() == [
        "This is the NOTE field\t",
        "I assume it encodes this text inside a NOTE vCard type.",
        "But I'm not sure because there's text formatting going on here.",
        "It does not preserve the formatting"]


def test_rfc6350_vcard_4(address_book):
    contact = only(read_vcard(address_book("ez-vcard__rfc6350-example.vcf")))
    assert (contact.first_name, contact.last_name, contact.suffix) == (
        "Simon", "Perreault", "ing. jr, M.Sc.")
    assert contact.company == "Viagenie"
    assert contact.emails == [("simon.perreault@viagenie.ca", "work")]
    # tel: URIs unwrapped; PREF=1 first; TYPE="work,cell,..." is a mobile.
    assert contact.phones == [("+1-418-656-9254 ext. 102", "work"),
                              ("+1-418-262-6501", "mobile")]
    assert (contact.street, contact.city, contact.region, contact.postal_code,
            contact.country) == ("2875 Laurier\nSuite D2-630", "Quebec", "QC", "G1V 2M2",
                                 "Canada")


def test_read_contacts_tells_vcard_by_content(address_book, write_file):
    text = address_book("ez-vcard__gmail-single.vcf").read_bytes()
    result = read_contacts(write_file("export.txt", text))
    assert result.format == "vCard" and result.contacts[0].last_name == "Dartmouth"


CARD = "BEGIN:VCARD\r\nVERSION:{version}\r\n{body}\r\nEND:VCARD\r\n"


def card(body: str, version: str = "3.0") -> str:
    return CARD.format(version=version, body=body.strip().replace("\n", "\r\n"))


def test_quoted_printable_with_latin1_charset(write_file):
    path = write_file("c.vcf", card(
        "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg;;;\n"
        "ORG;QUOTED-PRINTABLE;CHARSET=windows-1252:Caf=E9 =\n"
        "Cr=E8me", version="2.1"))
    contact = only(read_vcard(path))
    assert (contact.first_name, contact.last_name) == ("Jörg", "Müller")
    assert contact.company == "Café Crème"


def test_raw_latin1_bytes_with_charset_in_a_non_utf8_file(write_file):
    body = "N;CHARSET=ISO-8859-1:Gar\xe7on;Andr\xe9;;;\nEMAIL:andre@example.fr"
    path = write_file("c.vcf", card(body, version="2.1").encode("latin-1"))
    result = read_vcard(path)
    assert result.encoding == "Windows-1252"
    assert (result.contacts[0].first_name, result.contacts[0].last_name) == ("André", "Garçon")


def test_bom_and_cr_only_line_ends_and_tab_folding(write_file):
    text = card("FN:Ada Lovelace\nNOTE:first part\n\tand the rest\nEMAIL;TYPE=home:ada@"
                "\n example.org").replace("\r\n", "\r")
    contact = only(read_vcard(write_file("c.vcf", b"\xef\xbb\xbf" + text.encode())))
    # No N: the name comes from FN.
    assert (contact.first_name, contact.last_name) == ("Ada", "Lovelace")
    assert contact.notes == "first partand the rest"
    assert contact.emails == [("ada@example.org", "home")]


def test_utf16_vcard(write_file):
    path = write_file("c.vcf", card("N:Ørsted;Hans;;;").encode("utf-16"))
    result = read_vcard(path)
    assert result.encoding == "UTF-16" and result.contacts[0].last_name == "Ørsted"


def test_pref_parameters_order_values(write_file):
    contact = only(read_vcard(write_file("c.vcf", card(
        "N:Lee;Ann;;;\n"
        "EMAIL;TYPE=home:home@example.com\n"
        "EMAIL;TYPE=work;PREF=1:work@example.com\n"
        "EMAIL;PREF=2:other@example.com\n"
        "TEL:555 0100\n"
        "TEL;TYPE=cell,pref:555 0199", version="4.0"))))
    assert [a for a, _ in contact.emails] == [
        "work@example.com", "other@example.com", "home@example.com"]
    assert contact.phones == [("555 0199", "mobile"), ("555 0100", "")]


def test_photo_by_url_is_never_fetched_and_categories_are_tags(write_file, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the importer must not fetch anything")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    contact = only(read_vcard(write_file("c.vcf", card(
        "N:Roe;Jo;;;\nPHOTO;VALUE=uri:http://example.com/jo.jpg\n"
        "CATEGORIES:Golf,Clients\\, VIP,* myContacts\nCATEGORIES:Golf"))))
    assert contact.tags == ["Golf", "Clients, VIP"]


def test_card_without_name_company_or_email_is_skipped(write_file):
    result = read_vcard(write_file("c.vcf", card("TEL:555 0100") + card("ORG:Acme Ltd;Sales")))
    assert [c.company for c in result.contacts] == ["Acme Ltd"]
    assert len(result.skipped) == 1
    problem = result.skipped[0]
    assert (problem.record, problem.line, problem.name) == (1, 1, "555 0100")
    assert "no name, company or e-mail address" in problem.message


def test_cut_short_file_and_unreadable_lines_are_reported(write_file):
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Poe;Al;;;\nthis line is no property\n" \
           "BEGIN:VCARD\nVERSION:3.0\nN:Fox;Bo;;;\n"
    result = read_vcard(write_file("c.vcf", text))
    assert [c.last_name for c in result.contacts] == ["Poe", "Fox"]
    messages = [(p.line, p.message) for p in result.problems]
    assert (4, "unreadable line(s) 4 ignored") in messages
    assert (5, "the card has no END:VCARD line; the file may be cut short") in messages


def test_a_bad_email_or_phone_is_reported_at_its_property_line(write_file):
    result = read_vcard(write_file("c.vcf", card(
        "N:Roe;Jo;;;\nNOTE:long\n  folded note\nEMAIL;TYPE=work:not an address\n"
        "TEL:no digits here")))
    assert [(p.line, p.message) for p in result.problems] == [
        (6, "e-mail 'not an address' is not an e-mail address; left out"),
        (7, "phone 'no digits here' has no digits; left out")]


def test_embedded_agent_card_is_not_a_contact(write_file):
    result = read_vcard(write_file("c.vcf", card(
        "N:Boss;Big;;;\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nN:Assistant;Little;;;\n"
        "END:VCARD\nTITLE:Chief", version="2.1")))
    contact = only(result)
    assert (contact.last_name, contact.title) == ("Boss", "Chief")


def test_undecodable_quoted_printable_is_reported(write_file):
    contact_file = write_file("c.vcf", card(
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Bad=80Name;;;;", version="2.1"))
    result = read_vcard(contact_file)
    assert result.contacts[0].last_name == "Bad\ufffdName"
    assert any("N has characters that could not be read" in p.message for p in result.problems)


def test_file_with_no_card_is_refused(write_file):
    with pytest.raises(RefdeskError, match=r"notes\.vcf holds no vCard"):
        read_vcard(write_file("notes.vcf", "just some text\n"))
