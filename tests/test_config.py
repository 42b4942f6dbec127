"""Settings: declared once on Config, read from the environment only there (checked at start), read by the
code from app.config; the README's table is the same list."""

from __future__ import annotations

import re

import pytest

from portal.config import ROOT, Config, ConfigError, readme_table


def test_the_readme_table_is_the_list_of_settings():
    readme = (ROOT / "README.md").read_text()
    assert readme_table() in readme, "Paste this table under README's Configuration:\n" + readme_table()
    named = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert named == {s.env for s in Config.settings()}  # and no other table names a setting


def test_every_setting_has_a_meaning_and_a_default_to_show():
    for setting in Config.settings():
        assert setting.meaning and setting.shown_default(), setting.name


def test_settings_from_the_environment_reach_the_app_as_values(tmp_path):
    config = Config.from_env({
        "PORTAL_INSTANCE": str(tmp_path), "SECRET_KEY": "s" * 40, "FOLLOWUP_QUIET_HOURS": "off",
        "OUTBOX_STUCK_SECONDS": "1.5", "RETENTION_OTHER_MONTHS": "6", "API_SEND_PER_MINUTE": "7",
        "HUEY_URL": "redis://127.0.0.1:6379/3",
    })
    assert (config.FOLLOWUP_QUIET_HOURS, config.OUTBOX_STUCK_SECONDS, config.RETENTION_OTHER_MONTHS) == (False, 1.5, 6)
    assert (config.API_SEND_PER_MINUTE, config.HUEY_URL) == (7, "redis://127.0.0.1:6379/3")
    assert (tmp_path, tmp_path / "mail") == (config.INSTANCE_DIR, config.MAIL_DIR)
    assert f"sqlite:///{tmp_path / 'portal.db'}" == config.DATABASE_URL
    unset = Config.from_env({})
    assert (unset.FOLLOWUP_QUIET_HOURS, unset.OUTBOX_STUCK_SECONDS, unset.API_READ_PER_MINUTE) == (True, 600, 6000)


@pytest.mark.parametrize("name, value", [
    ("PORTAL_ENV", "staging"), ("API_SEND_PER_MINUTE", "many"), ("API_READ_PER_MINUTE", "0"),
    ("API_MAX_REQUEST_BYTES", "-5"), ("OUTBOX_STUCK_SECONDS", "-1"), ("OUTBOX_STUCK_SECONDS", "soon"),
    ("FOLLOWUP_QUIET_HOURS", "no"), ("RETENTION_LEGAL_MONTHS", "0"), ("RETENTION_OTHER_MONTHS", "1.5"),
    ("HUEY_URL", "amqp://somewhere"), ("TRUSTED_PROXIES", "one"), ("PAPER_DELIVERY_DAYS", "٣"),
])
def test_a_value_that_cannot_be_used_stops_the_start_with_its_name(name, value):
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})


def test_code_reads_the_app_config_not_the_environment(app, monkeypatch):
    from portal.followup import outbox, retention, timing

    monkeypatch.setenv("FOLLOWUP_QUIET_HOURS", "off")
    monkeypatch.setenv("OUTBOX_STUCK_SECONDS", "1")
    monkeypatch.setenv("RETENTION_OTHER_MONTHS", "1")
    with app.app_context():
        assert timing.quiet_hours_on() and outbox.stuck_after().total_seconds() == 600
        app.config.update(FOLLOWUP_QUIET_HOURS=False, OUTBOX_STUCK_SECONDS=5, RETENTION_OTHER_MONTHS=2)
        assert not timing.quiet_hours_on() and outbox.stuck_after().total_seconds() == 5
        assert retention.setting("RETENTION_OTHER_MONTHS") == 2
