import pytest

from bot.sms_text import TextMeasure, measure

PERSIAN_LETTER = "س"
EMOJI = "😀"  # outside the BMP: a UTF-16 surrogate pair


def test_empty_text_takes_no_part() -> None:
    assert measure("") == TextMeasure(characters=0, encoding="gsm7", parts=0, per_part=160, units=0)


def test_plain_latin_is_gsm7() -> None:
    assert measure("Hello, world!") == TextMeasure(
        characters=13, encoding="gsm7", parts=1, per_part=160, units=13
    )


@pytest.mark.parametrize(
    ("length", "parts", "per_part"),
    [(1, 1, 160), (160, 1, 160), (161, 2, 153), (306, 2, 153), (307, 3, 153), (459, 3, 153)],
)
def test_gsm7_part_boundaries(length: int, parts: int, per_part: int) -> None:
    assert measure("a" * length) == TextMeasure(length, "gsm7", parts, per_part, length)


@pytest.mark.parametrize(
    ("length", "parts", "per_part"),
    [(1, 1, 70), (70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67)],
)
def test_ucs2_part_boundaries(length: int, parts: int, per_part: int) -> None:
    assert measure(PERSIAN_LETTER * length) == TextMeasure(length, "ucs2", parts, per_part, length)


@pytest.mark.parametrize("char", ["{", "}", "[", "]", "~", "\\", "|", "^", "€", "\f"])
def test_extension_characters_count_two_septets(char: str) -> None:
    result = measure(char)
    assert (result.encoding, result.characters, result.units) == ("gsm7", 1, 2)


def test_extension_characters_push_a_text_past_one_part() -> None:
    assert measure("a" * 158 + "€").parts == 1
    assert measure("a" * 159 + "€").parts == 2


def test_gsm7_accents_greek_and_newlines_stay_gsm7() -> None:
    result = measure("Çà é ñ ü ß Ø ΔΩ £¥§¿¡\r\n@_")
    assert result.encoding == "gsm7"
    assert result.units == result.characters


def test_persian_text_is_ucs2() -> None:
    text = "سلام، پیام آزمایشی"
    result = measure(text)
    assert (result.encoding, result.units, result.parts) == ("ucs2", len(text), 1)


def test_one_character_outside_gsm7_turns_the_whole_text_ucs2() -> None:
    result = measure("a" * 69 + "ç")  # lower-case c-cedilla is not in the GSM-7 alphabet
    assert (result.encoding, result.units, result.parts, result.per_part) == ("ucs2", 70, 1, 70)


def test_emoji_counts_two_code_units() -> None:
    result = measure("Hi " + EMOJI)
    assert (result.encoding, result.characters, result.units) == ("ucs2", 4, 5)


def test_an_escape_sequence_is_not_split_across_parts() -> None:
    # 306 septets would fill two parts exactly, but "€" cannot straddle the first boundary.
    result = measure("a" * 152 + "€" + "a" * 152)
    assert (result.units, result.parts) == (306, 3)


def test_a_surrogate_pair_is_not_split_across_parts() -> None:
    result = measure(PERSIAN_LETTER * 66 + EMOJI + PERSIAN_LETTER * 66)
    assert (result.units, result.parts) == (134, 3)
