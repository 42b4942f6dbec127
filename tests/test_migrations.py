"""Migrations keep the rows that are already there: upgrading a SQLite file in use loses nothing.

SQLite rebuilds a table for some schema changes, and dropping the old table runs the ON DELETE CASCADE of
every table that points at it. This upgrades a file that has data from the first migration to the last one.
"""

from datetime import datetime

import peewee

from portal.db import SQLITE_PRAGMAS, available_migrations

TABLES = ("account", "session", "organisation", "citizen", "sender_user")
NOW = datetime(2026, 1, 5, 9, 0)


def counts(db) -> dict[str, int]:
    return {table: db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TABLES}  # noqa: S608 -- fixed names


def test_upgrading_a_sqlite_file_with_data_keeps_every_row(tmp_path):
    db = peewee.SqliteDatabase(str(tmp_path / "old.db"), pragmas=SQLITE_PRAGMAS)
    migrations = list(available_migrations())
    assert migrations[0][0] == 1
    first, rest = migrations[0], migrations[1:]
    with db.atomic():
        first[2].up(db)
    assert db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)  # so a cascade would really delete
    for n in (1, 2):
        role = ("citizen", "sender")[n - 1]
        db.execute_sql("INSERT INTO account (id, email, password_hash, name, language, role, created_at) "
                       "VALUES (?, ?, 'x', 'Naam', 'nl', ?, ?)", (n, f"p{n}@example.nl", role, NOW))
        db.execute_sql("INSERT INTO session (public_id, token_hash, account_id, created_at, last_seen_at, "
                       "user_agent) VALUES (?, ?, ?, ?, ?, '')", (f"s{n}", f"t{n}", n, NOW, NOW))
    db.execute_sql("INSERT INTO organisation (id, slug, name_nl, name_en, created_at) "
                   "VALUES (1, 'cak', 'CAK', 'CAK', ?)", (NOW,))
    db.execute_sql("INSERT INTO citizen (account_id, bsn, created_at) VALUES (1, '999990019', ?)", (NOW,))
    db.execute_sql("INSERT INTO sender_user (account_id, organisation_id) VALUES (2, 1)")
    before = counts(db)
    assert set(before.values()) != {0}

    for _number, _name, module in rest:
        with db.atomic():
            module.up(db)

    assert counts(db) == before
    assert db.execute_sql("SELECT phone, website FROM organisation").fetchone() == ("", "")
    assert db.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_messages_delivered_before_m0072_get_their_organisations_default_policy(tmp_path):
    db = peewee.SqliteDatabase(str(tmp_path / "old.db"), pragmas=SQLITE_PRAGMAS)
    migrations = list(available_migrations())
    upto = [m for m in migrations if m[0] < 72]
    for _number, _name, module in upto:
        with db.atomic():
            module.up(db)
    db.execute_sql("INSERT INTO account (id, email, password_hash, name, language, role, created_at) "
                   "VALUES (1, 'p@example.nl', 'x', 'Naam', 'nl', 'citizen', ?)", (NOW,))
    db.execute_sql("INSERT INTO citizen (id, account_id, bsn, created_at) VALUES (1, 1, '999990019', ?)", (NOW,))
    for org in (1, 2):
        db.execute_sql("INSERT INTO organisation (id, slug, name_nl, name_en, created_at) "
                       "VALUES (?, ?, 'Org', 'Org', ?)", (org, f"org{org}", NOW))
    db.execute_sql("INSERT INTO organisation_policy (organisation_id, policy, updated_at) "
                   "VALUES (1, '{\"remind_after_days\": 3}', ?)", (NOW,))
    messages = {1: (1, None), 2: (1, '{"paper_days_before_deadline": 2}'), 3: (2, None)}
    for id_, (org, own) in messages.items():
        db.execute_sql("INSERT INTO message (id, public_id, organisation_id, recipient_id, reference, message_type, "
                       "subject_nl, summary_nl, action_nl, body_nl, delivered_at, is_test, channel, policy) "
                       "VALUES (?, ?, ?, 1, '', 't', 's', 's', '', 'b', ?, 0, 'digital', ?)",
                       (id_, f"m{id_}", org, NOW, own))

    for _number, _name, module in [m for m in migrations if m[0] >= 72]:
        with db.atomic():
            module.up(db)

    policies = dict(db.execute_sql("SELECT id, policy FROM message").fetchall())
    assert policies == {1: '{"remind_after_days": 3}', 2: '{"paper_days_before_deadline": 2}', 3: None}
