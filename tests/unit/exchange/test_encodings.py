"""Short CSV files in the encodings real exports use come in right, not as mojibake."""

from __future__ import annotations

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import read_contacts
from refdesk.exchange.text_file import decode_bytes

# Header rows as Japanese, Chinese and Korean Thunderbird and Outlook write them.
JAPANESE = ("名,姓,表示名,ニックネーム,メールアドレス,勤務先\n"
            "太郎,山田,山田 太郎,たろう,taro@example.jp,株式会社サンプル\n"
            "花子,佐藤,佐藤 花子,,hanako@example.jp,東京商事\n")
CHINESE = ("名,姓,显示名称,电子邮件地址,公司\n"
           "伟,张,张伟,zhang@example.cn,北京科技有限公司\n"
           "芳,王,王芳,wang@example.cn,上海贸易公司\n")
KOREAN = ("이름,성,표시 이름,전자 메일 주소,회사\n"
          "민준,김,김민준,kim@example.kr,삼성전자\n"
          "서연,이,이서연,lee@example.kr,현대자동차\n")
WESTERN = ("First Name,Last Name,Company,Notes\n"
           "Zoë,Müller,Café Crème,“quoted” – dash\n"
           "José,Peña,Façade Ltd,naïve €5\n")


@pytest.mark.parametrize(("text", "codec", "shown"), [
    (JAPANESE, "shift_jis", "Shift_JIS"),
    (CHINESE, "gb18030", "GB18030"),
    (KOREAN, "euc_kr", "EUC-KR"),
    (WESTERN, "cp1252", "Windows-1252"),
    (JAPANESE, "utf-8", "UTF-8"),
])
def test_short_files_are_detected(write_file, text, codec, shown):
    data = text.encode(codec)
    assert len(data) < 1024
    decoded, encoding, _ = decode_bytes(data)
    assert (decoded, encoding) == (text, shown)
    result = read_contacts(write_file("c.csv", data))
    assert result.encoding == shown
    assert len(result.contacts) == 2


def test_the_japanese_file_reads_as_names_not_mojibake(write_file):
    result = read_contacts(write_file("jp.csv", JAPANESE.encode("shift_jis")))
    first = result.contacts[0]
    assert (first.first_name, first.last_name, first.emails) == (
        "太郎", "山田", [("taro@example.jp", "")])


def test_a_single_kana_line_is_still_japanese(write_file):
    data = "表示名,メール\n山田,y@example.jp\n".encode("shift_jis")
    assert decode_bytes(data)[1] == "Shift_JIS"


def test_utf8_with_one_bad_byte_stays_utf8_and_names_the_line(write_file):
    text = "First Name,Last Name\nZoë,Ærø\nJosé,Pe\xf1a\nAnn,Lee\n"
    data = text.encode("utf-8").replace("Pe\xf1a".encode(), b"Pe\xf1a")
    result = read_contacts(write_file("c.csv", data))
    assert result.encoding == "UTF-8"
    assert [c.last_name for c in result.contacts] == ["Ærø", "Peña", "Lee"]
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "line 3 is not valid UTF-8; its odd bytes were read as Windows-1252 "
            "(check the spelling)")]


def test_the_user_can_override_the_encoding(write_file):
    text = "First Name,Last Name\n민준,김\n"
    path = write_file("c.csv", text.encode("euc_kr"))
    forced = read_contacts(path, encoding="Windows-1252")
    assert forced.encoding == "Windows-1252"
    assert forced.contacts[0].first_name == "¹ÎÁØ"  # what the user asked for
    assert read_contacts(path, encoding="EUC-KR").contacts[0].first_name == "민준"
    with pytest.raises(RefdeskError, match="Unknown encoding 'klingon'"):
        read_contacts(path, encoding="klingon")
