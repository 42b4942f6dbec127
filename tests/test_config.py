"""Settings: declared once on Config, read from the environment only there (checked at start), read by the
code from app.config; the README's table is the same list. The job queue is built from the app's settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal import create_app
from portal.config import ROOT, Config, ConfigError, readme_table
from tests.conftest import make_config


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


def test_only_the_config_and_the_gunicorn_settings_read_the_environment():
    readers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "portal").rglob("*.py")
                     if re.search(r"os\.environ|getenv|from os import", path.read_text()))
    assert readers == ["portal/config.py", "portal/gunicorn_conf.py"]


def test_the_job_queue_is_built_from_the_app_settings(tmp_path, database_url):
    from huey.storage import SqliteStorage

    from portal import worker

    create_app(make_config(tmp_path, database_url))
    assert isinstance(worker.huey.storage, SqliteStorage)
    assert worker.huey.storage.filename == str(tmp_path / "huey.db") and (tmp_path / "huey.db").exists()


def test_importing_the_queue_builds_nothing_and_it_refuses_work_until_an_app_builds_it(tmp_path):
    script = ("from portal.followup import tasks as t\n"
              "try:\n    t.send_outbox_now()\nexcept RuntimeError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PORTAL_INSTANCE": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert "create the app first" in done.stdout, done.stderr
    assert not Path(tmp_path / "huey.db").exists()
