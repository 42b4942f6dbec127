"""Every hour the worker deletes rows whose purpose has passed, and only those."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal import housekeeping
from portal.api.keys import create_key
from portal.api.models import ApiRateWindow, IdempotencyRecord
from portal.auth import services as auth
from portal.auth.models import PasswordReset, Session, Throttle
from portal.models import KeptForm
from portal.worker import TASK_MODULES
from tests import factories

NOW = datetime(2027, 3, 1, 12, 0)
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)


def rows_of_every_kind(citizen) -> None:
    """For each table one row just past its use and one just within it."""
    for at in (NOW - timedelta(minutes=61), NOW - timedelta(minutes=59)):
        Throttle.create(key_hash=f"h{at:%M}", attempts=5, wait_until=at, forget_at=at + timedelta(minutes=60))
        KeptForm.create(token_hash=f"t{at:%M}", path="/settings/address", data="{}", created_at=at)
    auth.start_session(citizen.account, now=NOW - timedelta(minutes=31))  # idle too long
    auth.start_session(citizen.account, now=NOW - timedelta(minutes=29))
    old = Session.select().order_by(Session.id).first()
    long_ago = auth.start_session(citizen.account, now=NOW - timedelta(hours=13))  # busy, but past 12 hours
    Session.update(last_seen_at=NOW).where(Session.token_hash == auth.sha256(long_ago)).execute()
    for created in (NOW - timedelta(days=2, hours=1), NOW - timedelta(hours=1)):
        auth.create_password_reset(citizen.account.email, now=created, valid=timedelta(hours=1))
    organisation = factories.create_organisation(slug="cak")
    for n, created in enumerate((NOW - timedelta(hours=25), NOW - timedelta(hours=23))):
        IdempotencyRecord.create(organisation=organisation, key=f"k{n}", request_hash="x", status="done",
                                 created_at=created)
    key = create_key(org_slug="cak", kind="live", now=NOW).key
    minute = int(NOW.timestamp()) // 60
    for window in (minute - 2, minute - 1, minute):
        ApiRateWindow.create(api_key=key, bucket="send", window=window, count=1)
    assert old.last_seen_at == NOW - timedelta(minutes=31)


def test_only_what_has_expired_is_deleted(app, citizen):
    with app.app_context():
        rows_of_every_kind(citizen)
        counts = housekeeping.clean(now=NOW, session_idle=IDLE, session_absolute=ABSOLUTE)
        assert counts == {"throttle": 1, "session": 2, "password_reset": 1, "idempotency_record": 1,
                          "api_rate_window": 1, "kept_form": 1}
        assert [r.wait_until for r in Throttle.select()] == [NOW - timedelta(minutes=59)]
        assert [s.created_at for s in Session.select()] == [NOW - timedelta(minutes=29)]
        assert [r.created_at for r in PasswordReset.select()] == [NOW - timedelta(hours=1)]
        assert [r.key for r in IdempotencyRecord.select()] == ["k1"]
        assert ApiRateWindow.select().count() == 2 and KeptForm.select().count() == 1
        assert housekeeping.clean(now=NOW, session_idle=IDLE, session_absolute=ABSOLUTE) == dict.fromkeys(counts, 0)


def test_the_worker_runs_it_and_so_does_the_command(app, citizen):
    assert "portal.housekeeping" in TASK_MODULES
    with app.app_context():
        Throttle.create(key_hash="h", wait_until=datetime(2020, 1, 1), forget_at=datetime(2020, 1, 1, 1))
    result = app.test_cli_runner().invoke(args=["portal", "housekeeping"])
    assert result.exit_code == 0, result.output
    assert "Deleted: 1 throttle, 0 session," in result.output
