"""Personal texts: placeholders filled from a recipient's fields, and the plan of a campaign."""

from __future__ import annotations

from bot.placeholders import field_key, fill, has_placeholders
from bot.recipients import Recipients
from bot.service.audience import Missing, plan


def test_latin_and_persian_fields_any_case_and_letter_form() -> None:
    fields = {"Name": "Ali", "نام خانوادگی": "رضایی", "شهر": "تهران"}
    filled = fill("{name} {نام  خانوادگی} از {شهر}", fields)
    assert filled.text == "Ali رضایی از تهران" and filled.missing == ()
    # Arabic yeh/kaf and a joiner typed in the text still find the field
    assert fill("{شهر}", {"شهر": "كرج"}).text == "كرج"
    assert field_key("مي\u200cخواهم") == field_key("میخواهم")


def test_defaults_and_missing_fields() -> None:
    assert fill("Dear {name|customer}", {}).text == "Dear customer"
    assert fill("Dear {name|customer}", {"name": "  "}).text == "Dear customer"
    assert fill("{a|}x", {}).text == "x"
    filled = fill("Dear {name}, on {day} and {name}", {"day": "Monday"})
    assert filled.missing == ("name",)


def test_braces_that_are_not_placeholders_stay_text() -> None:
    assert not has_placeholders("a {} b { c")
    assert fill("a {} b {\nx}", {}).text == "a {} b {\nx}"
    assert has_placeholders("{x}")


def test_a_plan_skips_blocked_and_incomplete_recipients_and_sums_parts() -> None:
    long = "x" * 160
    recipients = Recipients(
        ("09120000001", "09120000002", "09120000003", "09120000004"), (), 0,
        ({"name": "A"}, {"name": long}, {}, {"name": "D"}),
    )
    result = plan("Hi {name}", recipients, {"09120000004"})
    assert [m.text for m in result.messages] == ["Hi A", "Hi " + long]
    assert result.missing == (Missing("09120000003", ("name",)),)
    assert result.blocked == 1 and result.personal
    assert (result.fewest_parts, result.most_parts, result.needed) == (1, 2, 3)
    assert len(result.preview) == 2


def test_a_plain_text_plan_is_one_text_for_all() -> None:
    recipients = Recipients(("09120000001", "09120000002"), (), 0)
    result = plan("Hello {", recipients, set())
    assert not result.personal and {m.text for m in result.messages} == {"Hello {"}
    assert result.needed == 2 and not result.has_fields
