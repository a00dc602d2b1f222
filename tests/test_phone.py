import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.phone import PhoneError, PhoneProblem, normalize_mobile

ASCII_DIGITS = "0123456789"
DIGIT_SETS = [ASCII_DIGITS, "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"]
# Layout people type and invisible marks that come with text pasted from RTL apps.
SEPARATORS = [" ", "-", ".", "(", ")", "\u200e", "\u200f", "\u200c", "\u200d", "\u00a0"] + [
    chr(code) for code in range(0x202A, 0x202F)
]
FORMS = ["0{}", "{}", "+98{}", "0098{}", "98{}"]
# Operator prefixes the numbering plan assigns to mobiles (MCI, Irancell, Rightel, ...).
MOBILE_PREFIXES = ["901", "905", "910", "912", "919", "921", "930", "935", "939", "990", "994"]


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "0912 123 4567",
        "0912-123-4567",
        "0912.123.4567",
        "(0912) 123 4567",
        "+98 (0) 912 123 4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
        "\u200f09121234567\u200e",
        "\u202a+98\u00a0912\u00a0123\u00a04567\u202c",
        "0912\u200c123\u200d4567",
        "  09121234567\n",
    ],
)
def test_accepted_forms_give_the_09_form(raw: str) -> None:
    assert normalize_mobile(raw) == "09121234567"


@pytest.mark.parametrize("raw", ["09351234567", "09011234567", "09901234567", "09211234567"])
def test_other_operators_are_mobiles(raw: str) -> None:
    assert normalize_mobile(raw) == raw


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", PhoneProblem.EMPTY),
        ("  \u200f - ", PhoneProblem.EMPTY),
        ("0912CALLME", PhoneProblem.NOT_A_NUMBER),
        ("abc", PhoneProblem.NOT_A_NUMBER),
        ("0912 123 4567 ext 1", PhoneProblem.NOT_A_NUMBER),
        ("09+121234567", PhoneProblem.NOT_A_NUMBER),
        ("+", PhoneProblem.NOT_A_NUMBER),
        ("0912123456", PhoneProblem.WRONG_LENGTH),
        ("091212345678", PhoneProblem.WRONG_LENGTH),
        ("+98912123", PhoneProblem.WRONG_LENGTH),
        ("0", PhoneProblem.WRONG_LENGTH),
        ("+98", PhoneProblem.WRONG_LENGTH),
        ("9" * 40, PhoneProblem.WRONG_LENGTH),
        ("+16502530000", PhoneProblem.NOT_IRANIAN),
        ("00447911123456", PhoneProblem.NOT_IRANIAN),
        ("+999123456", PhoneProblem.NOT_IRANIAN),
        ("02112345678", PhoneProblem.NOT_MOBILE),
        ("+98 21 1234 5678", PhoneProblem.NOT_MOBILE),
        ("05131234567", PhoneProblem.NOT_MOBILE),
    ],
)
def test_refusals_name_the_problem(raw: str, problem: PhoneProblem) -> None:
    with pytest.raises(PhoneError) as caught:
        normalize_mobile(raw)
    assert caught.value.problem is problem
    assert caught.value.raw == raw


def test_error_message_is_english_and_quotes_only_the_input() -> None:
    with pytest.raises(PhoneError) as caught:
        normalize_mobile("02112345678")
    assert str(caught.value) == "'02112345678' is not an Iranian mobile number"


@st.composite
def written_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """A valid mobile and one way a person might write it."""
    national = draw(st.sampled_from(MOBILE_PREFIXES)) + draw(
        st.text(ASCII_DIGITS, min_size=7, max_size=7)
    )
    written = draw(st.sampled_from(FORMS)).format(national)
    digits = draw(st.sampled_from(DIGIT_SETS))
    chars = [digits[int(char)] if char.isdigit() else char for char in written]
    layout = st.text(st.sampled_from(SEPARATORS), max_size=2)
    return "0" + national, "".join(draw(layout) + char for char in chars) + draw(layout)


@given(written_mobiles())
def test_every_written_form_normalises_to_the_same_number(case: tuple[str, str]) -> None:
    expected, written = case
    assert normalize_mobile(written) == expected


PHONE_LIKE = st.text(st.sampled_from([*"0123456789+۰۹٩ -()a", "\u200f"]), max_size=20)


@given(st.one_of(st.text(max_size=30), PHONE_LIKE))
def test_any_text_gives_a_09_number_or_a_phone_error(raw: str) -> None:
    try:
        result = normalize_mobile(raw)
    except PhoneError:
        return
    assert re.fullmatch(r"09\d{9}", result, flags=re.ASCII)
