"""A recipient is taken only when it is unambiguous: one word, or groups in the layouts people write.

The text after the number is sent exactly as typed (digits and all); a mistyped number is refused
with its reason, never completed with the start of the text. The same rules hold for /send, /flash,
/schedule, /bulk lines and CSV cells.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.recipients import InvalidLine, parse_file, parse_message
from bot.telegram.parsing import ParseError, parse_schedule, parse_send, split_number
from tests.fixtures_bot import RunningBot

ZONE = ZoneInfo("Asia/Tehran")
PREFIXES = ["912", "935", "901", "990", "921", "939"]
# Each accepted way to write 0 + p + abc + defg, as a format of the three groups.
LAYOUTS = [
    "0{p}{a}{b}", "{p}{a}{b}", "+98{p}{a}{b}", "0098{p}{a}{b}", "98{p}{a}{b}", "0{p}-{a}-{b}",
    "0{p} {a} {b}", "+98 {p} {a} {b}", "0098 {p} {a} {b}", "(0{p}) {a}-{b}", "{p} {a} {b}",
]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

mobiles = st.tuples(
    st.sampled_from(PREFIXES), st.from_regex(r"\A[0-9]{3}\Z"), st.from_regex(r"\A[0-9]{4}\Z")
)
# Any text at all after the number, as long as it starts with something visible: digits first too.
texts = st.one_of(
    st.from_regex(r"\A[0-9]{1,12}( [\w۰-۹]{0,8}){0,3}\Z"),
    st.text(min_size=1, max_size=30).filter(lambda t: not t[0].isspace() and t.strip()),
)


def _written(layout: str, groups: tuple[str, str, str], persian: bool) -> str:
    p, a, b = groups
    number = layout.format(p=p, a=a, b=b)
    return number.translate(PERSIAN) if persian else number


def _refused(body: str) -> ParseError:
    with pytest.raises(ParseError) as refused:
        parse_send(body)
    return refused.value


@settings(max_examples=400, deadline=None)
@given(mobiles, st.sampled_from(LAYOUTS), st.booleans(), texts)
def test_any_accepted_layout_then_any_text(
    groups: tuple[str, str, str], layout: str, persian: bool, text: str
) -> None:
    number = "0" + "".join(groups)
    body = f"{_written(layout, groups, persian)} {text}"
    assert parse_send(body) == (number, text)
    assert split_number(body) == (number, text)


@settings(max_examples=400, deadline=None)
@given(mobiles, st.sampled_from(LAYOUTS), texts, st.data())
def test_a_digit_dropped_or_added_is_refused(
    groups: tuple[str, str, str], layout: str, text: str, data: st.DataObject
) -> None:
    p, a, b = groups
    digits = list(p + a + b)  # the mobile's own ten digits, wherever the layout puts them
    position = data.draw(st.integers(0, 9))
    if data.draw(st.booleans()):
        del digits[position]
    else:
        # A 0 before the 9 would be the trunk prefix: the same number, written another accepted way.
        digits.insert(position, data.draw(st.sampled_from("123456789" if position == 0 else "0123456789")))
    joined = "".join(digits)
    # The changed digits keep the layout's grouping as far as it goes: first 3, next 3, the rest.
    mistyped = layout.format(p=joined[:3], a=joined[3:6], b=joined[6:])
    _refused(f"{mistyped} {text}")


def test_a_ten_digit_typo_is_refused_with_its_reason() -> None:
    error = _refused("0912123456 7 days left")
    assert error.key == "input.phone.digit_count"
    assert error.values == {"raw": "0912123456", "count": 10, "expected": 11}


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("0912 1234567 hi", "input.phone.grouping"),
        ("091 212 34567 hi", "input.phone.grouping"),
        ("0912 123 456 7 days", "input.phone.grouping"),
        ("+98912123456 hi", "input.phone.digit_count"),
        ("9121234567890 hi", "input.phone.digit_count"),
        ("021 8888 1234 hi", "input.phone.not_mobile"),
        ("+44 7911 123456 hi", "input.phone.not_iranian"),
        ("hello 09121234567", "input.phone.not_a_number"),
    ],
)
def test_nothing_else_is_joined(body: str, key: str) -> None:
    assert _refused(body).key == key


def test_schedule_uses_the_same_rules() -> None:
    now = datetime(2026, 3, 25, 12, 0, tzinfo=ZONE)
    _, number, text = parse_schedule("+2h 0912 123 4567 7 days left", now=now, zone=ZONE)
    assert (number, text) == ("09121234567", "7 days left")
    with pytest.raises(ParseError) as refused:
        parse_schedule("+2h 0912123456 7 days left", now=now, zone=ZONE)
    assert refused.value.key == "input.phone.digit_count"


def test_bulk_lines_split_at_commas_and_semicolons_only() -> None:
    recipients, text = parse_message(
        "/bulk\n09121234567, 09351234567;۰۹۰۱۲۳۴۵۶۷۸\n0912 123 4567\n0912 1234567\n"
        "0935123456 7\n\nHi"
    )
    assert recipients.numbers == ("09121234567", "09351234567", "09012345678")
    assert recipients.duplicates == 1
    assert recipients.invalid == (InvalidLine(4, "0912 1234567"), InvalidLine(5, "0935123456 7"))
    assert text == "Hi"


def test_csv_cells_follow_the_same_rules() -> None:
    content = "name,mobile\nAli,0912 123 4567\nSara,\"09351234567;09901234567\"\nReza,0912 1234567\n"
    recipients = parse_file("list.csv", content.encode())
    assert recipients.numbers == ("09121234567", "09351234567", "09901234567")
    assert recipients.invalid == (InvalidLine(4, "0912 1234567"),)


async def test_the_text_after_the_number_is_sent_as_typed(running_bot: RunningBot) -> None:
    await running_bot.command("/send 09121234567 7 days left")
    [request] = running_bot.gateway_requests("SendSMSWithID")
    assert (request.fields["mobileno"], request.fields["text"]) == ("09121234567", "7 days left")


async def test_a_mistyped_number_is_refused_and_nothing_is_sent(running_bot: RunningBot) -> None:
    reply = await running_bot.command("/flash 0912123456 7 days left")
    assert "has 10 digits" in reply and "has 11" in reply
    sends = [r for r in running_bot.gateway_requests() if r.operation.startswith("SendSMS")]
    assert sends == []
