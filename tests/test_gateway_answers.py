"""Reading answers without a wire: success shapes, the link body, aiohttp failure classes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.gateway import (
    CredentialsError,
    InputError,
    NotFoundError,
    OutcomeUnknown,
    TransportError,
    UndocumentedAnswer,
)
from bot.gateway.http import as_error, fault_from_aiohttp, with_retries
from bot.gateway.link import link_code
from bot.gateway.soap import (
    parse_delivery,
    parse_remain,
    parse_send_with_id,
    parse_send_with_time,
    unix_timestamp,
)


def test_a_number_of_nine_digits_or_more_is_a_smsid() -> None:
    assert parse_send_with_id("123456789").smsid == "123456789"
    assert parse_send_with_id("1800000000001").code == "1800000000001"


@pytest.mark.parametrize("answer", ["12345678", "2", "۱۲۳۴۵۶۷۸۹۰", "12345678a9"])
def test_anything_else_from_send_with_id_is_not_a_smsid(answer: str) -> None:
    with pytest.raises(UndocumentedAnswer) as caught:
        parse_send_with_id(answer)
    assert caught.value.code == answer


def test_send_with_time_accepts_only_2() -> None:
    assert parse_send_with_time("2").smsid is None
    with pytest.raises(InputError):
        parse_send_with_time("11")


def test_delivery_keeps_error_codes_but_raises_account_level_ones() -> None:
    assert parse_delivery("-31").code == "-31"
    assert parse_delivery("totally new").code == "totally new"
    with pytest.raises(CredentialsError):
        parse_delivery("-3")


@pytest.mark.parametrize("answer", ["0", "11", "1111", "250000"])
def test_non_negative_numbers_are_credit(answer: str) -> None:
    assert parse_remain(answer).credit == int(answer)


def test_negative_or_textual_credit_answers_are_errors() -> None:
    with pytest.raises(NotFoundError):
        parse_remain("-31")
    with pytest.raises(UndocumentedAnswer):
        parse_remain("12.5")


def test_timestamp_is_the_unix_time_of_an_aware_datetime() -> None:
    when = datetime(2027, 3, 21, 8, 30, tzinfo=ZoneInfo("Asia/Tehran"))
    assert unix_timestamp(when) == "1805605200"  # 05:00 UTC: Tehran is +03:30 all year
    assert unix_timestamp(datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=1)))) == \
        "1893452400"
    with pytest.raises(ValueError, match="aware"):
        unix_timestamp(datetime(2030, 1, 1))


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("0", "0"),
        ("  12\r\n", "12"),
        ("<html><head><title>0098 SMS</title></head><body><span>14</span></body></html>", "14"),
        ("<script>var x = 7;</script><p>Result:&#160;9</p>", "9"),
        ("<b>&#1605;&#1579;</b> 3", "3"),
        ("no digits here", None),
        ("", None),
    ],
)
def test_link_code_is_the_first_integer_outside_markup(body: str, code: str | None) -> None:
    assert link_code(body) == code


@pytest.mark.parametrize(
    ("exc", "may_have_left"),
    [
        (aiohttp.InvalidURL("no host"), False),
        (aiohttp.NonHttpUrlClientError("ftp://x"), False),
        (aiohttp.ConnectionTimeoutError("slow, or no free connection"), False),
        (aiohttp.SocketTimeoutError("slow answer"), True),
        (TimeoutError(), True),
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientOSError(104, "reset"), True),
        (aiohttp.ClientPayloadError("cut short"), True),
    ],
)
def test_a_send_fault_is_unknown_only_if_the_request_may_have_left(
    exc: aiohttp.ClientError | TimeoutError, may_have_left: bool
) -> None:
    error = as_error(fault_from_aiohttp(exc), sending=True)
    assert isinstance(error, OutcomeUnknown) is may_have_left
    assert isinstance(error, TransportError)
    assert isinstance(as_error(fault_from_aiohttp(exc), sending=False), OutcomeUnknown) is False


async def test_retries_stop_at_the_first_success() -> None:
    calls: list[int] = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise fault_from_aiohttp(aiohttp.ServerDisconnectedError())
        return "ok"

    assert await with_retries(flaky, attempts=3, base_delay=0) == "ok"
    assert len(calls) == 3
