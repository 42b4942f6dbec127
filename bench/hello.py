"""The baseline for bench/web.py: a minimal Flask app, served by gunicorn exactly as the portal is."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
