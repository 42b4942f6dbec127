"""Bytes on the wire per page: HTML + CSS (+ JS, loaded deferred) gzip-compressed, against a 14 KB budget.

14 KB is what fits in the first TCP round trip (10 packets): a page that fits shows its first view
after one round trip, which matters most on slow, high-latency connections.

Usage: .venv/bin/python bench/weight.py   (makes a throw-away database with the demo data)
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET = 14 * 1024
ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+)"')


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def main() -> int:
    instance = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.update(PORTAL_INSTANCE=str(instance), DATABASE_URL=f"sqlite:///{instance / 'bench.db'}")
    from portal import create_app, db, demo
    from portal.clock import utcnow

    app = create_app()
    db.migrate()
    demo.seed(now=utcnow())
    anonymous = app.test_client()
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    client.post("/login", data={"csrf_token": token, "email": "burger@example.nl", "password": demo.DEFAULT_PASSWORD})

    first = client.get("/inbox/").get_data(as_text=True)
    message_url = re.search(r'href="(/inbox/[A-Za-z0-9_-]{16,})"', first).group(1)
    pages = [("login", "/login", None), ("inbox", "/inbox/", BUDGET), ("inbox page 2", "/inbox/?page=2", None),
             ("message", message_url, None), ("help", "/help", None)]
    print(f"{'page':<14}{'HTML gz':>9}{'CSS gz':>9}{'JS gz':>9}{'HTML+CSS':>10}{'budget':>9}{'ratio':>7}")
    worst = 0.0
    for name, url, budget in pages:
        response = (anonymous if name == "login" else client).get(url)
        body = response.get_data()
        css = js = 0
        for asset in ASSET.findall(body):
            size = gz(client.get(asset.decode()).get_data())
            if asset.endswith(b".css") or b".css?" in asset:
                css += size if b"print.css" not in asset else 0
            else:
                js += size
        total = gz(body) + css
        ratio = total / BUDGET
        worst = max(worst, ratio) if budget else worst
        mark = f"{ratio:>6.2f}" + ("" if not budget else (" ok" if total <= budget else " OVER"))
        print(f"{name:<14}{gz(body):>9}{css:>9}{js:>9}{total:>10}{BUDGET:>9}{mark:>7}")
    print(f"inbox HTML+CSS is {worst:.0%} of the 14 KB budget (goal: at most 100 %)")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
