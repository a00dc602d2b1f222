"""The address book's tables (migration v8): groups of contacts, templates, the opt-out list, and
the fields a campaign's recipients had."""

from __future__ import annotations

from storage import BlockSource, Contact, Database, Template


async def test_contacts_are_added_then_updated_with_their_fields_merged(storage_db: Database) -> None:
    contacts = storage_db.contacts
    assert await contacts.upsert(
        key="clinic", name="Clinic", now=1.0,
        contacts=[("09120000001", {"name": "Ali", "day": "Mon"}), ("09120000002", {})],
    ) == (2, 0)
    assert await contacts.upsert(
        key="clinic", name="ignored", now=2.0,
        contacts=[("09120000001", {"day": "Fri"}), ("09120000003", {"name": "Sara"})],
    ) == (1, 1)
    assert await contacts.members("clinic") == [
        Contact("09120000001", {"name": "Ali", "day": "Fri"}),
        Contact("09120000002", {}),
        Contact("09120000003", {"name": "Sara"}),
    ]
    await contacts.upsert(key="shop", name="shop", contacts=[("09120000001", {})], now=3.0)
    assert [(g.name, g.count) for g in await contacts.groups()] == [("Clinic", 3), ("shop", 1)]
    assert await contacts.remove_number("09120000001") == 2
    found = await contacts.find_group("clinic")
    assert found is not None and found[1:] == ("Clinic", 2)
    assert await contacts.drop_group(found[0]) == ("Clinic", 2)
    assert await contacts.drop_group(found[0]) is None
    assert await contacts.members("clinic") == [] and await contacts.find_group("clinic") is None


async def test_templates_are_saved_replaced_and_deleted(storage_db: Database) -> None:
    templates = storage_db.templates
    await templates.save(key="remind", name="Remind", text="one", now=1.0)
    await templates.save(key="remind", name="remind", text="two {name}", now=2.0)
    assert await templates.get("remind") == Template("remind", "two {name}")
    assert await templates.all() == [Template("remind", "two {name}")]
    assert await templates.delete("remind") and not await templates.delete("remind")
    assert await templates.get("remind") is None


async def test_the_opt_out_list_keeps_the_first_reason(storage_db: Database) -> None:
    blocked = storage_db.blocked
    assert await blocked.add(
        "09120000001", source=BlockSource.DELIVERY, reason=None, smsid="123456789", now=1.0
    )
    assert not await blocked.add(
        "09120000001", source=BlockSource.ADMIN, reason="later", smsid=None, now=2.0
    )
    entry = await blocked.get("09120000001")
    assert entry is not None and (entry.source, entry.smsid) == (BlockSource.DELIVERY, "123456789")
    numbers = [f"0913{n:07d}" for n in range(1200)]  # more than one lookup's worth
    assert await blocked.among(numbers) == set()
    assert await blocked.among([*numbers, "09120000001"]) == {"09120000001"}
    assert [e.number for e in await blocked.all()] == ["09120000001"]
    assert await blocked.remove("09120000001") and not await blocked.remove("09120000001")


async def test_a_personal_campaign_keeps_each_text_and_each_recipients_fields(
    storage_db: Database,
) -> None:
    campaign_id = await storage_db.campaigns.create(
        user_id=1, chat_id=1, text="Hi {name}", flash=False, parts=2,
        recipients=["09120000001", "09120000002"], invalid=0, duplicates=0, transport="soap",
        now=1.0, texts=[("Hi Ali", 1), ("Hi " + "x" * 200, 2)],
        fields=[{"name": "Ali"}, {}],
    )
    rows = await storage_db.campaigns.results(campaign_id)
    assert [(r.message.recipient, r.message.text, r.message.parts, r.fields) for r in rows] == [
        ("09120000001", "Hi Ali", 1, {"name": "Ali"}),
        ("09120000002", "Hi " + "x" * 200, 2, {}),
    ]
