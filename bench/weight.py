"""Bytes on the wire per page: HTML + CSS (+ JS, loaded deferred) gzip-compressed, against a 14 KB budget.

14 KB is what fits in the first TCP round trip (10 packets): a page that fits shows its first view
after one round trip, which matters most on slow, high-latency connections.

Every main page: the citizen's (inbox, message, settings, access log, helpers, account), the public ones
and the sender's (dashboard, unopened list, API reference). The JS column is htmx and the enhancement
script, loaded deferred: not needed for the first view.

Usage: .venv/bin/python bench/weight.py   (makes a throw-away database with the demo data)
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure, login  # noqa: E402

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
    client, sender = app.test_client(), app.test_client()
    login(client, "burger@example.nl", demo.DEFAULT_PASSWORD)
    login(sender, "afzender@example.nl", demo.DEFAULT_PASSWORD)

    first = client.get("/inbox/").get_data(as_text=True)
    message_url = re.search(r'href="(/inbox/[A-Za-z0-9_-]{16,})"', first).group(1)
    pages = [(anonymous, "login", "/login"), (client, "inbox", "/inbox/"), (client, "inbox page 2", "/inbox/?page=2"),
             (client, "message", message_url), (client, "settings", "/settings/"),
             (client, "alert settings", "/settings/alerts"), (client, "paper settings", "/settings/paper"),
             (client, "address", "/settings/address"), (client, "access log", "/access-log/"),
             (client, "my helpers", "/my-helpers"), (client, "account", "/account"),
             (client, "sessions", "/account/sessions"), (client, "help", "/help"),
             (anonymous, "accessibility", "/accessibility"), (sender, "sender dashboard", "/senders/"),
             (sender, "sender unopened", "/senders/unopened"), (sender, "API reference", "/senders/api-reference")]
    print(f"{'page':<18}{'HTML gz':>9}{'CSS gz':>9}{'JS gz':>9}{'HTML+CSS':>10}{'÷ 14 KB':>9}")
    sizes = {}
    for who, name, url in pages:
        response = who.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.get_data()
        css = js = 0
        for asset in ASSET.findall(body):
            size = gz(who.get(asset.decode()).get_data())
            if b".css" in asset:
                css += size if b"print.css" not in asset else 0
            else:
                js += size
        total = gz(body) + css
        sizes[name] = total
        print(f"{name:<18}{gz(body):>9}{css:>9}{js:>9}{total:>10}{total / BUDGET:>9.2f}")
    inbox = sizes["inbox"]
    figure("weight: inbox first view, HTML + CSS gzip", f"{inbox:,} B = {inbox / BUDGET:.0%} of 14 KB", "≤ 14 KB",
           inbox <= BUDGET)
    heaviest = max((n for n in sizes if n != "inbox"), key=sizes.get)
    over = [n for n in sizes if sizes[n] > BUDGET]
    figure(f"weight: heaviest other main page ({heaviest}) of {len(sizes)}", f"{sizes[heaviest]:,} B = "
           f"{sizes[heaviest] / BUDGET:.0%} of 14 KB", "(budget set for the inbox only)", None)
    figure("weight: main pages over 14 KB", ", ".join(over) or "none", "", None)
    return 0 if inbox <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
