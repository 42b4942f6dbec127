"""The job queue module: storage chosen from HUEY_URL, tasks run inside the app with a database connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from huey.storage import RedisStorage, SqliteStorage

from portal import worker


def test_storage_is_sqlite_in_the_instance_folder_unless_huey_url_names_redis(tmp_path):
    assert worker.storage_for(None, tmp_path) == (SqliteStorage, {"filename": str(tmp_path / "huey.db")})
    assert worker.storage_for("redis://127.0.0.1:6379/2", tmp_path) == (RedisStorage,
                                                                         {"url": "redis://127.0.0.1:6379/2"})
    with pytest.raises(ValueError):
        worker.storage_for("amqp://somewhere", tmp_path)


@pytest.fixture
def own_storage():
    """Give the shared huey instance back as it was (other tests may use it)."""
    saved = worker.huey.storage_class, worker.huey.storage_kwargs, worker.huey.storage, worker._bound_app
    yield
    worker.huey.storage_class, worker.huey.storage_kwargs, worker.huey.storage, worker._bound_app = saved


def test_a_task_runs_in_the_app_with_a_database_connection(app, tmp_path, redis_url, own_storage):
    from portal.db import database
    from portal.models import Account

    @worker.task(name="tests.count_accounts")
    def count_accounts() -> tuple[str, int]:
        from flask import current_app

        return current_app.config["PUBLIC_URL"], Account.select().count()

    worker.bind_app(app)
    for url in (None, redis_url):  # a real round trip through each storage, run by a consumer-like call
        worker.configure(url, Path(tmp_path))
        worker.huey.flush()  # the Redis server is shared by the whole run: start from an empty queue
        result = count_accounts()
        message = worker.huey.dequeue()
        worker.huey.execute(message)
        assert result.get() == ("http://portal.test", 0)
    assert database.is_closed()  # the task closed the connection it opened
