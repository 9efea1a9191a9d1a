"""CSV reading: the Thunderbird exports, header variants, and broken files."""

from __future__ import annotations

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import read_contacts
from refdesk.exchange.csv_reader import read_csv, sniff_delimiter

JOHN_AND_JANE = [("John", "Doe", [("john@doe.invalid", "")]),
                 ("Jane", "Doe", [("jane@doe.invalid", "")])]


def people(result):
    return [(c.first_name, c.last_name, c.emails) for c in result.contacts]


def test_thunderbird_basic_export(address_book):
    result = read_csv(address_book("thunderbird__basic_csv_addressbook.csv"))
    assert (result.format, result.encoding, result.records) == ("CSV", "UTF-8", 2)
    assert people(result) == JOHN_AND_JANE
    assert [e.line for e in result.entries] == [2, 3]
    assert result.problems == [] and result.notes == []


def test_thunderbird_semicolons(address_book):
    result = read_csv(address_book("thunderbird__csv_semicolon.csv"))
    assert people(result) == JOHN_AND_JANE
    assert result.notes == ["Columns are separated by semicolons."]


def test_thunderbird_utf16_with_extra_header_column(address_book):
    result = read_csv(address_book("thunderbird__utf16_addressbook.csv"))
    assert result.encoding == "UTF-16"
    assert people(result) == [("John", "Doe", [("johndoe@host.invalid", "")])]
    assert result.problems == []


def test_thunderbird_without_header_is_guessed_from_the_values(address_book):
    result = read_csv(address_book("thunderbird__csv_no_header.csv"))
    assert people(result) == JOHN_AND_JANE
    assert [e.line for e in result.entries] == [1, 2]
    assert result.notes == ["No header line: columns read as display name, first name, "
                            "last name, e-mail (guessed from the values)."]


def test_headerless_file_in_thunderbird_order(write_file):
    row = ["Ann", "Lee", "Ann Lee", "", "ann@lee.example", "", "555 0101"] + [""] * 18 + \
          ["Lee & Co"] + [""] * 11
    assert len(row) == 37 and row[25] == "Lee & Co"  # "Organization" in Thunderbird's order
    result = read_csv(write_file("tb.csv", ",".join(row) + "\n"))
    contact = result.contacts[0]
    assert (contact.first_name, contact.last_name, contact.company) == ("Ann", "Lee", "Lee & Co")
    assert contact.phones == [("555 0101", "work")]
    assert result.notes == ["No header line: columns read in Thunderbird's export order."]


def test_ambiguous_headerless_file_is_refused(write_file):
    path = write_file("list.csv", "Smith,Acme,London\nJones,Bolt,Leeds\n")
    with pytest.raises(RefdeskError, match=r"^list\.csv, line 1: there is no header line .*"
                                           r"Smith, Acme, London.*First Name,Last Name"):
        read_csv(path)


@pytest.mark.parametrize("name", ["csvkit__bad.csv", "csvkit__test_latin1.csv",
                                  "csvkit__test_utf16_little.csv", "csvkit__test_utf8_bom.csv"])
def test_csv_without_contact_columns_is_refused_naming_file_and_line(address_book, name):
    with pytest.raises(RefdeskError, match=rf"^{name.replace('.', '[.]')}, line 1: "):
        read_contacts(address_book(name))


def test_nul_byte_file(address_book):
    with pytest.raises(RefdeskError, match=r"csvkit__null_byte\.csv, line 2: .*NUL byte"):
        read_contacts(address_book("csvkit__null_byte.csv"))


def test_ragged_rows_are_skipped_with_their_line(address_book, write_file):
    # csvkit's bad.csv under a header refdesk understands.
    body = address_book("csvkit__bad.csv").read_text().split("\n", 1)[1]
    result = read_csv(write_file("bad.csv", "First Name,Last Name,Email\n" + body))
    assert result.records == 3
    too_long = result.skipped
    assert [(p.line, p.record, p.name) for p in too_long] == [(2, 1, "1")]
    assert "has 4 fields but the header has 3" in too_long[0].message
    # The short row is padded; the third has a number where the e-mail goes.
    assert [(c.first_name, c.last_name, c.emails) for c in result.contacts] == [
        ("", "I'm too short!", []), ("0", "mixed types.... uh oh", [])]
    bad_email = [p for p in result.problems if not p.skipped]
    assert [(p.line, p.message) for p in bad_email] == [
        (4, "e-mail '17' is not an e-mail address; left out")]


def test_mostly_ragged_file_is_refused(write_file):
    path = write_file("x.csv", "Name,Email\nDoe, John,j@x.org\nRoe, Ann,a@x.org\nMo,m@x.org\n")
    with pytest.raises(RefdeskError, match=r"^x\.csv, line 2: has more fields than the "
                                           r"header's 2, as do most rows"):
        read_csv(path)


def test_unclosed_quote_names_the_line(write_file):
    path = write_file("q.csv", 'Name,Email\nAnn,a@x.org\n"Bob,b@x.org\nCy,c@x.org\n')
    with pytest.raises(RefdeskError, match=r"^q\.csv, line 3: a quoted value is never closed"):
        read_csv(path)


def test_text_after_closing_quote_names_the_line(write_file):
    path = write_file("q.csv", 'Name,Email\n"Ann" Lee,a@x.org\n')
    with pytest.raises(RefdeskError, match=r"^q\.csv, line 2: text follows a closing quote"):
        read_csv(path)


OUTLOOK_HEADER = ('"Title","First Name","Middle Name","Last Name","Suffix","Company",'
                  '"Department","Job Title","Business Street","Business Street 2",'
                  '"Business City","Business State","Business Postal Code",'
                  '"Business Country/Region","Home Street","Home City","Business Fax",'
                  '"Business Phone","Home Phone","Mobile Phone","Categories",'
                  '"E-mail Address","E-mail Type","E-mail Display Name","E-mail 2 Address",'
                  '"E-mail 2 Type","Notes"')


def test_outlook_export(write_file):
    row = ('"Dr.","Maria","J","Gómez","PhD","Gómez Dental","Ops","Dentist",'
           '"12 High St","Suite 4","Springfield","IL","62701","United States",'
           '"9 Elm Rd","Shelbyville","555-0109","555-0100","555-0102","555-0101",'
           '"Golf;Clients","maria@gomez.example","SMTP","Maria (maria@gomez.example)",'
           '"mj@home.example","SMTP","Met at the ""expo""\nLikes golf"')
    content = (OUTLOOK_HEADER + "\r\n" + row + "\r\n").encode("cp1252")
    result = read_csv(write_file("outlook.csv", content))
    assert result.encoding == "Windows-1252"
    c = result.contacts[0]
    # Outlook's "Title" is the honorific when there is also a "Job Title".
    assert (c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix) == (
        "Dr.", "Maria", "J", "Gómez", "PhD")
    assert (c.company, c.title) == ("Gómez Dental", "Dentist")
    assert c.emails == [("maria@gomez.example", ""), ("mj@home.example", "")]
    assert c.phones == [("555-0109", "work fax"), ("555-0100", "work"), ("555-0102", "home"),
                        ("555-0101", "mobile")]
    assert (c.street, c.city, c.region, c.postal_code, c.country) == (
        "12 High St\nSuite 4", "Springfield", "IL", "62701", "United States")
    assert c.tags == ["Golf", "Clients"]
    assert c.notes == 'Met at the "expo"\nLikes golf'


GOOGLE_HEADER = ("Name,Given Name,Additional Name,Family Name,Nickname,Group Membership,"
                 "E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,"
                 "Phone 1 - Type,Phone 1 - Value,Address 1 - Type,Address 1 - Formatted,"
                 "Address 1 - Street,Address 1 - City,Address 1 - Region,"
                 "Address 1 - Postal Code,Address 1 - Country,Organization 1 - Name,"
                 "Organization 1 - Title,Notes")


def test_google_export_with_multiple_values_in_a_cell(write_file):
    rows = [
        'Li Wei,Wei,,Li,,* myContacts ::: VIP,* Work,wei@corp.example ::: li@corp.example,'
        '* Home,wei@home.example,Mobile,+44 7700 900123 ::: +44 20 7946 0000,Work,'
        '"1 Canal St, Leeds",1 Canal St,Leeds,,LS1 4AP,UK,Corp Ltd,Buyer,',
        'Only Company Ltd,,,,,* myContacts,,,,,,,,,,,,,,,,',
    ]
    result = read_csv(write_file("google.csv", "\n".join([GOOGLE_HEADER, *rows]) + "\n"))
    first, second = result.contacts
    assert (first.first_name, first.last_name, first.company, first.title) == (
        "Wei", "Li", "Corp Ltd", "Buyer")
    assert first.emails == [("wei@corp.example", "work"), ("li@corp.example", "work"),
                            ("wei@home.example", "home")]
    assert first.phones == [("+44 7700 900123", "mobile"), ("+44 20 7946 0000", "mobile")]
    assert (first.street, first.city, first.postal_code, first.country) == (
        "1 Canal St", "Leeds", "LS1 4AP", "UK")
    assert first.tags == ["VIP"]
    # Only a "Name": split into first and last name.
    assert (second.first_name, second.last_name) == ("Only Company", "Ltd")


def test_tab_delimited_utf16_with_bom(write_file):
    text = "First Name\tLast Name\tCompany\tE-mail Address\nZoë\tÅberg\tNord AB\tzoe@nord.se\n"
    result = read_csv(write_file("export.txt", text.encode("utf-16")))
    c = result.contacts[0]
    assert (c.first_name, c.last_name, c.company, c.emails) == (
        "Zoë", "Åberg", "Nord AB", [("zoe@nord.se", "")])
    assert result.notes == ["Columns are separated by tabs."]


def test_utf8_bom_semicolon_and_blank_lines(write_file):
    text = "\ufeffVorname;Nachname;E-Mail\n\nJürgen;Groß;jg@example.de\n;;\n"
    result = read_csv(write_file("kontakte.csv", text))
    assert people(result) == [("Jürgen", "Groß", [("jg@example.de", "")])]
    assert result.records == 1


def test_row_without_name_company_or_email_is_skipped(write_file):
    result = read_csv(write_file("c.csv", "Name,Phone,Email\n,555 0100,\nAl Poe,,\n"))
    assert [c.last_name for c in result.contacts] == ["Poe"]
    assert [(p.line, p.skipped) for p in result.problems] == [(2, True)]


def test_header_only_file_reads_no_contacts(write_file):
    result = read_csv(write_file("c.csv", "First Name,Last Name,Email\n"))
    assert result.contacts == [] and result.records == 0


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a,b,c\n1,2,3\n", ","),
    ("a;b;c\n1;2;3\n", ";"),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ('name;note\n"Doe, John";"a, b, c"\n', ";"),
    ("single\nvalue\n", ","),
])
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_display_name_that_is_an_address(write_file):
    result = read_csv(write_file("c.csv", "Display Name,Primary Email\n"
                                          "ann.lee@x.org,\nbo@y.org,bo@y.org\n"))
    assert [(c.first_name, c.last_name, c.emails) for c in result.contacts] == [
        ("Ann", "Lee", [("ann.lee@x.org", "")]), ("bo", "", [("bo@y.org", "")])]


def test_old_mac_cr_line_ends_and_multiline_quoted_notes(write_file):
    text = 'First Name,Last Name,Notes\r"Al","Poe","line one\rline two"\rBo,Fox,\r'
    result = read_csv(write_file("mac.csv", text))
    assert [(c.first_name, c.notes) for c in result.contacts] == [
        ("Al", "line one\nline two"), ("Bo", "")]
    assert [e.line for e in result.entries] == [2, 4]


# LinkedIn's Connections.csv as it downloads: a "Notes:" line, one quoted
# paragraph, a blank line, then the header.
LINKEDIN = (
    'Notes:\n'
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing. You will only see email addresses for connections who have '
    'allowed their connections to see or download their email address."\n'
    '\n'
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
    'Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.com,Analytical Ltd,'
    'Engineer,01 Dec 2026\n'
    'Alan,Turing,https://www.linkedin.com/in/alan,,Bletchley,Researcher,02 Dec 2026\n'
)


def test_linkedin_connections_notes_before_the_header_are_skipped(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    result = read_csv(path)
    people = [(e.contact.first_name, e.contact.last_name, e.contact.company, e.contact.title,
               e.line)
              for e in result.entries]
    assert people == [("Ada", "Lovelace", "Analytical Ltd", "Engineer", 5),
                      ("Alan", "Turing", "Bletchley", "Researcher", 6)]
    assert result.entries[0].contact.emails[0][0] == "ada@example.com"
    assert any("Lines 1-3 are notes before the header" in n for n in result.notes)


def test_a_long_text_before_a_header_is_not_taken_for_notes(tmp_path):
    # Rows of three or more cells before the header are data, not a preamble.
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\nd,e,f\nFirst Name,Last Name,Email\nAda,Lovelace,ada@example.com\n",
                    encoding="utf-8")
    with pytest.raises(RefdeskError, match="line 1: there is no header line"):
        read_csv(path)
