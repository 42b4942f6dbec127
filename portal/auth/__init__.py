"""Log-in, log-out, server-side sessions and password reset."""

from portal.auth import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())
