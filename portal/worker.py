"""The job queue: one huey instance for every background task (follow-up, outbox, retention, take-out, …).

Storage: a SQLite file `huey.db` in the instance folder by default; Redis when `HUEY_URL=redis://host:port/db`.
The storage is built from the app's settings by `init_app(app)` (create_app calls it), not at import: until
then the queue refuses work with a clear error. Tasks are defined at import all the same, since huey binds a
task to its Huey object and registry, never to the storage, which the maintainer says may be swapped at
run-time (coleifer/huey#855).
The queue only says *when* to run something: what must happen lives in database rows (the outbox), so a lost
queue entry is picked up by the next periodic run and never lost.

Use it from any area:

    from portal.worker import task, periodic_task, crontab

    @task(retries=2, retry_delay=30)
    def build_zip(job_id: int) -> None:
        ...  # runs inside an app context with an open database connection

`task` and `periodic_task` wrap huey's decorators so each run gets the Flask app context (of the app that
built the queue) and a database connection (opened and closed around the task). `huey` itself is exported for
the consumer and for tests (`huey.immediate = True` runs tasks inline).

Run the consumer with `flask --app wsgi portal worker` (see portal/cli.py), which binds the app first.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

__all__ = ["huey", "task", "periodic_task", "crontab", "init_app", "configure", "bind_app", "app_context",
           "run_consumer", "on_start"]

log = logging.getLogger(__name__)


def storage_for(huey_url: str | None, instance_dir: Path) -> tuple[type, dict]:
    """The huey storage class and its arguments for a HUEY_URL (None: SQLite in the instance folder).

    Raises ValueError for a URL that is not redis:// or rediss://."""
    if not huey_url:
        return SqliteStorage, {"filename": str(Path(instance_dir) / "huey.db")}
    if huey_url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": huey_url}
    raise ValueError("HUEY_URL must start with redis:// or rediss:// (or be unset for SQLite).")


class NotBuilt:
    """The storage of a queue no app has built yet: every use says so (instead of a queue file made from
    whatever the environment held at import)."""

    def __init__(self, name: str, **_kwargs) -> None:
        self.name = name

    def close(self) -> None:
        return None

    def __getattr__(self, name: str):
        raise RuntimeError("The job queue has no storage yet: create the app first (portal.worker.init_app).")


huey = Huey("portal", storage_class=NotBuilt, utc=True)

_bound_app = None


def init_app(app) -> None:
    """Build the queue's storage from the app's HUEY_URL and INSTANCE_DIR; its tasks run in this app."""
    configure(app.config["HUEY_URL"], Path(app.config["INSTANCE_DIR"]))
    bind_app(app)


def configure(huey_url: str | None, instance_dir: Path) -> None:
    """Point the huey instance at this storage (init_app with the app's settings; tests that enqueue from
    outside an app). The same storage again keeps the open one."""
    storage_class, kwargs = storage_for(huey_url, instance_dir)
    if (storage_class, kwargs) == (huey.storage_class, huey.storage_kwargs):
        return
    if storage_class is SqliteStorage:
        Path(kwargs["filename"]).parent.mkdir(parents=True, exist_ok=True)
    with suppress(Exception):  # a storage that never connected
        huey.storage.close()
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey.storage = huey.create_storage()


def bind_app(app) -> None:
    """The Flask app tasks run in (the worker command binds the one it was started with)."""
    global _bound_app
    _bound_app = app


@contextmanager
def app_context() -> Iterator[None]:
    """An app context and an open database connection for the duration of one task. Inside an app context
    already (immediate mode, tests, CLI), it reuses it; the connection is closed only if this opened it."""
    from flask import current_app, has_app_context

    from portal.db import database

    if has_app_context():
        app = current_app._get_current_object()
        ctx = None
    else:
        if _bound_app is None:
            raise RuntimeError("A task ran before any app built the queue (portal.worker.init_app).")
        app = _bound_app
        ctx = app.app_context()
        ctx.push()
    opened = database.is_closed()
    if opened:
        database.connect()
    try:
        yield
    finally:
        if opened and not database.is_closed():
            database.close()
        if ctx is not None:
            ctx.pop()
        del app


def _in_app(func: Callable) -> Callable:
    @functools.wraps(func)
    def run(*args, **kwargs):
        with app_context():
            return func(*args, **kwargs)

    return run


def task(**options) -> Callable:
    """Like `huey.task(...)`, run inside the app context."""
    return lambda func: huey.task(**options)(_in_app(func))


def periodic_task(validate_datetime, **options) -> Callable:
    """Like `huey.periodic_task(crontab(...))`, run inside the app context."""
    return lambda func: huey.periodic_task(validate_datetime, **options)(_in_app(func))


def run_consumer(app, *, workers: int = 2, periodic: bool = True) -> None:
    """Run the huey consumer in this process (threads) until SIGINT/SIGTERM, with `app` bound for tasks.
    Imports the modules that define tasks, so they are registered before the consumer starts."""
    init_app(app)
    _import_task_modules()
    for hook in _on_start:
        hook()
    consumer = huey.create_consumer(workers=workers, periodic=periodic, worker_type="thread",
                                    initial_delay=0.1, max_delay=2.0)
    consumer.run()


_on_start: list[Callable] = []


def on_start(func: Callable) -> Callable:
    """Run `func` when the worker starts, before it takes tasks (to enqueue a first run of something)."""
    _on_start.append(func)
    return func


# Modules that define tasks: imported by the consumer so every task is registered. Add yours here.
TASK_MODULES = ["portal.followup.tasks", "portal.takeout.tasks", "portal.housekeeping", "portal.auth.tasks",
                "portal.statistics.tasks"]


def _import_task_modules() -> None:
    import importlib

    for name in TASK_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            log.warning("task module %s not found", name)
