"""Numbered schema migrations, applied in order by `flask --app wsgi portal init-db`."""
