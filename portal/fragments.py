"""Parts of pages that show the same for many visitors, rendered once per process for each key and kept.

A kept part is a template rendered in an environment that knows nothing of the request, the user or the session
(`environment()`): from the values it is given alone, with gettext in the request's language, url_for,
static_url and the product's name; any other name fails the render (StrictUndefined). So the key (the values,
the language, the URL root) is everything the part may show, and the part is correct by construction for
every request with that key. The layout around every page (portal/layout.py) is one; the inbox's filters and
search form are another. Values that are a person's own are not kept: the caller says `keep=False` for them
(the text of a search), and the part is rendered for that request alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request, url_for
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from portal import i18n
from portal.templating import static_url

T = TypeVar("T")
MAX_KEPT = 512  # the keys are a language, a root and a few choices: far fewer in practice


def environment(app: Flask) -> Environment:
    """The app's Jinja environment without the request: the same templates, escaping and whitespace rules,
    gettext in the request's language, url_for, static_url and the product's name (one per app)."""
    env = app.extensions.get("portal.fragments_env")
    if env is None:
        env = Environment(loader=app.jinja_env.loader, autoescape=True, trim_blocks=app.jinja_env.trim_blocks,
                          lstrip_blocks=app.jinja_env.lstrip_blocks, undefined=StrictUndefined,
                          extensions=["jinja2.ext.i18n"], auto_reload=False)
        i18n.install_gettext(env)
        gettext = {name: env.globals[name] for name in ("gettext", "ngettext", "pgettext", "npgettext")}
        env.globals = {**gettext, "_": gettext["gettext"], "url_for": url_for, "static_url": static_url,
                       "product_name": app.config["PRODUCT_NAME"]}
        app.extensions["portal.fragments_env"] = env
    return env


def kept(template: str, *, keep: bool = True, **values) -> Markup:
    """`template` rendered from `values` (hashable) alone, kept per language and URL root unless `keep` is
    false or the debugger is on (an edited template then shows at once)."""
    app = current_app._get_current_object()

    def render() -> Markup:
        return Markup(environment(app).get_template(template).render(**values))  # noqa: S704 -- autoescaped

    if not keep:
        return render()
    key = (template, i18n.current_language(), request.script_root, tuple(sorted(values.items())))
    return once(app, "portal.fragments", key, render, most=MAX_KEPT)


_SPECIAL = re.compile("[&<>\"']").search  # what markupsafe.escape changes


def escaped(value) -> str:
    """str(markupsafe.escape(value)), without a Markup object for a plain string that has nothing to escape."""
    return value if value.__class__ is str and _SPECIAL(value) is None else str(escape(value))


def once(app: Flask, name: str, key, make: Callable[[], T], *, most: int,
         still: Callable[[T], bool] | None = None) -> T:
    """`make()`, kept per process under `key` in app.extensions[name] (at most `most` keys: then all are dropped
    and kept afresh); None too is kept. With `still`, a kept value it says no longer holds is made again. Not
    kept with the debugger on, so that an edited template shows at once."""
    kept = app.extensions.setdefault(name, {})
    value = kept.get(key, _MISSING)
    if value is _MISSING or (still is not None and not still(value)):
        value = make()
        if not app.jinja_env.auto_reload:
            if len(kept) >= most:
                kept.clear()
            kept[key] = value
    return value


_MISSING = object()


class Pattern:
    """A rendering cut at its markers (text at even places, marker names at odd ones), filled in by one
    printf-style `%` of its text instead of a Python loop over the pieces: an inbox page fills 50 of them. (`%`
    over a kept text is twice as fast as `str.format`, which parses its whole text on every call.)"""

    __slots__ = ("_pieces", "_text", "_places", "names")

    def __init__(self, pieces: list[str]):
        self._pieces = tuple(pieces)
        self._text = "".join("%s" if i % 2 else piece.replace("%", "%%") for i, piece in enumerate(pieces))
        self._places = tuple(pieces[1::2])  # the marker of each place, in order, repeats included
        self.names = tuple(dict.fromkeys(self._places))  # each once, in order of first place

    def fill(self, values: dict) -> str:
        """The text with each marker's value (given as it is to be shown: already escaped)."""
        return self._text % tuple([values[name] for name in self._places])

    def within(self, name: str, inner: Pattern) -> Pattern:
        """This pattern with `inner`'s text and places where `name`'s places are: filled in one step where it
        would be two, the inner one's text then put in as a value (its names must differ from this one's)."""
        pieces = [self._pieces[0]]
        for place, text in zip(self._pieces[1::2], self._pieces[2::2], strict=True):
            if place == name:
                pieces[-1] += inner._pieces[0]
                pieces += inner._pieces[1:]
                pieces[-1] += text
            else:
                pieces += [place, text]
        return Pattern(pieces)

    def fill_escaped(self, values: dict) -> str:
        """The text with each marker's value escaped as Jinja escapes it (a missing one as None). A plain string
        without any of the five characters escaping changes is its own escape: it goes in as it is, without a
        Markup object made for it (most of a page's values). `escaped()` written inline: a function call per
        value would give back part of what the check saves."""
        return self._text % tuple([v if v.__class__ is str and _SPECIAL(v) is None else escape(v)
                                   for v in map(values.get, self._places)])

    def fill_both(self, plain: dict, ready: dict) -> str:
        """fill() for the names in `ready` (already escaped) and fill_escaped() for the others, from `plain`:
        for a pattern made by within(), whose inner pattern comes with its values escaped. fill_escaped()'s check
        is written out again, not shared: asking `ready` on every place would slow every other fill by a
        quarter (4.9 → 6.2 µs for ten places)."""
        return self._text % tuple([ready[name] if name in ready else
                                   (v if (v := plain.get(name)).__class__ is str and _SPECIAL(v) is None
                                    else escape(v)) for name in self._places])


def markers(names: tuple[str, ...]) -> dict[str, str]:
    """A marker for each value: what a macro is given in its place to be cut (`cut`)."""
    return {name: f"\x00{name}\x00" for name in names}


def cut(html: str, names: tuple[str, ...]) -> Pattern:
    """A rendering made with `markers(names)`, cut at them."""
    return Pattern(re.split("\x00(" + "|".join(map(re.escape, names)) + ")\x00", html))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["kept"] = kept
