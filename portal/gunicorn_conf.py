"""gunicorn settings for production: `gunicorn -c python:portal.gunicorn_conf` (the app is wsgi:app).

Every web process is stateless (sessions, rate-limit counts and the job queue live in PostgreSQL and Redis),
so add processes here and machines behind the load balancer as traffic grows. See docs/deploy.md.
Environment: PORTAL_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (default 2 × CPU cores + 1).
"""

import multiprocessing
import os

wsgi_app = "wsgi:app"
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")

# Sync workers: each request does blocking work (PostgreSQL, PDF rendering) and nginx in front buffers slow
# clients, so a worker is never held by a slow phone connection. 2 × cores + 1 keeps the CPUs busy while
# some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = 60  # a long PDF (a print batch) may take a while; anything longer is stuck
graceful_timeout = 30
keepalive = 5  # nginx keeps its upstream connections open

# Load the app once, before forking: workers share its memory pages. Database and Redis connections are
# made lazily, so each worker opens its own after the fork.
preload_app = True


def when_ready(server):
    """In the master, after the app is loaded and before the first fork: templates and catalogues loaded once
    for every worker (portal/warmup.py). Only the portal's app says how (the bench serves other apps with these
    settings); without preload_app the master has no app, and each worker loads its own."""
    if server.cfg.preload_app:
        app = server.app.wsgi()
        warm = getattr(app, "extensions", {}).get("portal.warm")
        if warm is not None:
            warm(app)


# A fresh worker now and then keeps memory flat over weeks (bench/soak.py measures it without this).
max_requests = 5000
max_requests_jitter = 500

# Behind nginx on the same machine: trust its X-Forwarded-Proto for https URLs and Secure cookies.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Access log to stdout (journald): method, path without the query string (a search may hold what a citizen
# typed), status, size and milliseconds. Never cookies, never the body.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
