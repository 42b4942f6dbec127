"""The app served over real HTTP for browsers: `live_server` yields its base URL.

Import it into a folder's conftest (`from tests.live import live_server`; pytest_plugins works only in the
top-level conftest). The server runs the test app (the `app` fixture,
so a module's `config_overrides` apply) on the shared test database: data made with tests/factories.py in the
test is what the browser sees, and the autouse clean-up empties the tables after each test as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on 127.0.0.1 at a free port, in a background thread, until the test ends.

    threaded=True: a browser opens several connections at once (page, CSS, scripts), and each request gets
    its own database connection, as under gunicorn.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for the loop to notice, up to the interval (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
