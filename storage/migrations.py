"""The schema, as an append-only list of migrations; `PRAGMA user_version` counts those applied.

Never edit a released migration: add a new one. Each runs in its own transaction, so a failure
leaves the database at the previous version (SQLite DDL is transactional).
"""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from storage.sql import Sql, fetch_one

Migration = tuple[str, ...]

_V1: Migration = (
    """
    CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        flash INTEGER NOT NULL CHECK (flash IN (0, 1)),
        parts INTEGER NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('draft', 'running', 'paused', 'cancelled', 'finished')),
        total INTEGER NOT NULL,
        invalid INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        progress_message_id INTEGER,
        created_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL
    )
    """,
    "CREATE INDEX campaigns_status ON campaigns (status)",
    """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns (id),
        recipient TEXT NOT NULL,
        text TEXT NOT NULL,
        parts INTEGER NOT NULL,
        flash INTEGER NOT NULL CHECK (flash IN (0, 1)),
        scheduled_at REAL,
        user_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        command_message_id INTEGER,
        confirmation_message_id INTEGER,
        transport TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
        smsid TEXT,
        gateway_code TEXT,
        error_kind TEXT,
        delivery_code TEXT,
        delivery_final INTEGER NOT NULL DEFAULT 0 CHECK (delivery_final IN (0, 1)),
        created_at REAL NOT NULL,
        sent_at REAL,
        updated_at REAL NOT NULL,
        next_check_at REAL,
        check_interval REAL,
        track_until REAL,
        checks INTEGER NOT NULL DEFAULT 0
    )
    """,
    # Partial: only rows still being tracked are in the delivery poller's index.
    """
    CREATE INDEX messages_due ON messages (next_check_at)
        WHERE next_check_at IS NOT NULL AND delivery_final = 0
    """,
    # (status, sent_at): status lookups, and the credit used (sent rows by sent_at) in stats.
    "CREATE INDEX messages_status ON messages (status, sent_at)",
    "CREATE INDEX messages_smsid ON messages (smsid) WHERE smsid IS NOT NULL",
    "CREATE INDEX messages_campaign_status ON messages (campaign_id, status)",
    "CREATE INDEX messages_created ON messages (created_at)",
    "CREATE INDEX messages_recipient ON messages (recipient, created_at)",
    """
    CREATE TABLE message_events (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        at REAL NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('status', 'delivery')),
        value TEXT NOT NULL,
        detail TEXT
    )
    """,
    "CREATE INDEX message_events_message ON message_events (message_id, id)",
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        reply_to_message_id INTEGER,
        markup TEXT,
        dedupe_key TEXT UNIQUE,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT,
        created_at REAL NOT NULL,
        sent_at REAL,
        telegram_message_id INTEGER
    )
    """,
    "CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL",
    "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)

# v2: find the message a command produced, so a re-delivered update never sends twice.
_V2: Migration = (
    "CREATE INDEX messages_command ON messages (chat_id, command_message_id)"
    " WHERE command_message_id IS NOT NULL",
)

# v3: SQLite writes the event history itself, so a change of one message is one statement,
# atomic with its event. Every write that changes `status` also sets `updated_at` (the event's
# time) and `status_detail` (the event's detail: the gateway code of sent and failed, the reason
# of unknown, "released", "interrupted"; NULL otherwise). `delivery_check` is the number of the
# check (`checks`) that brought the current delivery code: a check can tell it changed the code.
_V3: Migration = (
    "ALTER TABLE messages ADD COLUMN status_detail TEXT",
    "ALTER TABLE messages ADD COLUMN delivery_check INTEGER",
    """
    CREATE TRIGGER messages_created_event AFTER INSERT ON messages
    BEGIN
        INSERT INTO message_events (message_id, at, kind, value, detail)
        VALUES (NEW.id, NEW.updated_at, 'status', NEW.status, NEW.status_detail);
    END
    """,
    """
    CREATE TRIGGER messages_status_event AFTER UPDATE OF status ON messages
    WHEN NEW.status IS NOT OLD.status
    BEGIN
        INSERT INTO message_events (message_id, at, kind, value, detail)
        VALUES (NEW.id, NEW.updated_at, 'status', NEW.status, NEW.status_detail);
    END
    """,
    """
    CREATE TRIGGER messages_delivery_event AFTER UPDATE OF delivery_code ON messages
    WHEN NEW.delivery_code IS NOT OLD.delivery_code
    BEGIN
        INSERT INTO message_events (message_id, at, kind, value, detail)
        VALUES (NEW.id, NEW.updated_at, 'delivery', NEW.delivery_code, NULL);
    END
    """,
)

# v4: why a campaign paused (shown after a restart), the campaign that resends another's
# outcome-unknown recipients (one at most), the send an outbox item confirms (reports reply to
# it once delivered), and what PTB persists (open conversations and their data), as JSON.
_V4: Migration = (
    "ALTER TABLE campaigns ADD COLUMN paused_kind TEXT",
    "ALTER TABLE campaigns ADD COLUMN paused_code TEXT",
    "ALTER TABLE campaigns ADD COLUMN resend_of INTEGER REFERENCES campaigns (id)",
    "CREATE UNIQUE INDEX campaigns_resend_of ON campaigns (resend_of) WHERE resend_of IS NOT NULL",
    "ALTER TABLE outbox ADD COLUMN confirms_message_id INTEGER REFERENCES messages (id)",
    """
    CREATE TABLE telegram_state (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID
    """,
)

# v5: an outbox item may be a photo (a chart): its PNG is kept with it, so it survives restarts.
_V5: Migration = ("ALTER TABLE outbox ADD COLUMN photo BLOB",)

# v6: schedules the bot holds itself. `messages.status` admits 'scheduled'; `scheduled_at` is
# then the due time, `repeat_rule` the rule of a repeating series, `series_id` the row its series
# is known by, and `held` marks a due time missed by more than SCHEDULE_GRACE, waiting for an
# admin. Widening a CHECK changes no stored byte, so it is made in the table's schema text
# (SQLite's documented writable_schema procedure) rather than by rebuilding `messages`: every
# row, index, trigger and foreign key (events, outbox) stays as it is. RESET reloads the schema
# on this connection; the CREATE INDEX after it moves the schema cookie for the others.
# Campaigns get their own due time: a DRAFT campaign with one is a scheduled campaign.
_V6: Migration = (
    "ALTER TABLE messages ADD COLUMN repeat_rule TEXT",
    "ALTER TABLE messages ADD COLUMN series_id INTEGER",
    "ALTER TABLE messages ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1))",
    "PRAGMA writable_schema = ON",
    """
    UPDATE sqlite_master
    SET sql = replace(sql, 'CHECK (status IN (''queued'',',
                           'CHECK (status IN (''scheduled'', ''queued'',')
    WHERE type = 'table' AND name = 'messages'
    """,
    "PRAGMA writable_schema = RESET",
    # Only what waits for its time is in the due-time job's index.
    """
    CREATE INDEX messages_scheduled ON messages (scheduled_at)
        WHERE status = 'scheduled' AND held = 0
    """,
    "ALTER TABLE campaigns ADD COLUMN due_at REAL",
    "ALTER TABLE campaigns ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1))",
    """
    CREATE INDEX campaigns_due ON campaigns (due_at)
        WHERE due_at IS NOT NULL AND status = 'draft' AND held = 0
    """,
)

# v7: a chat command is recorded once, by the database itself: a UNIQUE index lets exactly one of
# two concurrent copies of an update insert its row (`MessageStore.create_once`). A pair that got
# in before it keeps its first row as the command's.
_V7: Migration = (
    """
    UPDATE messages SET command_message_id = NULL
    WHERE command_message_id IS NOT NULL AND id NOT IN (
        SELECT MIN(id) FROM messages WHERE command_message_id IS NOT NULL
        GROUP BY chat_id, command_message_id
    )
    """,
    "DROP INDEX messages_command",
    "CREATE UNIQUE INDEX messages_command_once ON messages (chat_id, command_message_id)"
    " WHERE command_message_id IS NOT NULL",
)

# v8: contacts in named groups, saved templates, the opt-out list, and the fields a campaign's
# recipient had (its row of the uploaded file, or its contact), kept for the results file.
# `key` columns hold the name as compared (case and letter forms folded); `name` as typed.
_V8: Migration = (
    """
    CREATE TABLE contact_groups (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at REAL NOT NULL
    )
    """,
    """
    CREATE TABLE contacts (
        group_id INTEGER NOT NULL REFERENCES contact_groups (id) ON DELETE CASCADE,
        number TEXT NOT NULL,
        fields TEXT NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (group_id, number)
    )
    """,
    "CREATE INDEX contacts_number ON contacts (number)",
    """
    CREATE TABLE templates (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at REAL NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE blocked (
        number TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('admin', 'delivery')),
        reason TEXT,
        smsid TEXT,
        created_at REAL NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE message_fields (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        fields TEXT NOT NULL
    )
    """,
)

# v9 (team): the people given a role (owners are ADMIN_IDS, not stored), the names Telegram
# showed for people with a role, the audit trail, and campaign approvals with the messages that
# asked for them (edited once someone decided).
_V9: Migration = (
    """
    CREATE TABLE team_members (
        user_id INTEGER PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
        daily_parts INTEGER NOT NULL DEFAULT 0 CHECK (daily_parts >= 0),
        added_by INTEGER NOT NULL,
        added_at REAL NOT NULL
    )
    """,
    """
    CREATE TABLE team_names (
        user_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        seen_at REAL NOT NULL
    )
    """,
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        recipients INTEGER NOT NULL DEFAULT 0,
        parts INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX audit_user ON audit (user_id, id)",
    "CREATE INDEX messages_user_created ON messages (user_id, created_at)",
    """
    CREATE TABLE approvals (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id),
        requested_by INTEGER NOT NULL,
        requested_at REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
        decided_by INTEGER,
        decided_at REAL
    )
    """,
    """
    CREATE TABLE approval_messages (
        campaign_id INTEGER NOT NULL REFERENCES approvals (campaign_id),
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        PRIMARY KEY (campaign_id, chat_id)
    ) WITHOUT ROWID
    """,
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)


class SchemaTooNew(RuntimeError):
    """The file was written by a newer smsbridge; refusing beats corrupting it."""


async def migrate(sql: Sql, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Apply the missing migrations in order, each in its own transaction."""
    for version, statements in enumerate(migrations, start=1):
        async with sql.transaction() as conn:
            # Read inside the write transaction: two processes opening at once apply it once.
            current = await _user_version(conn)
            if current > len(migrations):
                raise SchemaTooNew(
                    f"database schema is v{current}, this program knows up to v{len(migrations)}"
                )
            if current >= version:
                continue
            for statement in statements:
                await conn.execute(statement)
            # PRAGMA takes no bound parameters; `version` is an int we counted ourselves.
            await conn.execute(f"PRAGMA user_version = {int(version)}")


async def _user_version(conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "PRAGMA user_version")
    return int(row[0]) if row is not None else 0
