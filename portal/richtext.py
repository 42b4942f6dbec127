"""Message bodies: a safe Markdown subset, rendered with markdown-it-py and cleaned with nh3.

No raw HTML, no images (nothing is fetched from elsewhere), headings start at h2 (the page has the h1),
and every link shows its real address next to its text, so nobody is fooled by "click here". A link
without a scheme ("/betalen", "#deel-2", "//elders.nl") is made absolute to the sender's website, or shown as
text when there is none: on the page it would point into the portal, in a PDF it would become a file: link.

Every body is bounded (LIMITS, measured in bench/worst_letters.py and explained in docs/performance.md):
the API refuses a body over a limit (`problem()`), and a body stored before the limits existed is shown as
plain text (`render()`), so no body makes a page or a PDF run unbounded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(["image", "html_inline", "html_block"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"https", "http", "mailto", "tel"}

# The first three are counted before parsing (parsing is linear in plain text, slower in brackets and
# emphasis marks), the rest from the parsed tokens.
LIMITS = {
    "characters": 100_000,
    "lines": 2_000,  # lines of the source, blank ones included
    "markup": 2_000,  # characters that may start or end markup: * _ ` [ ] < > ! \ &
    "blocks": 500,  # paragraphs, headings, list items, quotes, rules, code lines and hard line breaks
    "inline": 100,  # emphasis, strong, code spans and links in one paragraph, heading or list item
    "links": 100,  # in the whole body: each is a tagged link annotation in the PDF, and costly there
    "depth": 5,  # lists and quotes inside each other
}
MARKUP = "*_`[]<>!\\&"
_BLOCKS = {"paragraph_open", "heading_open", "list_item_open", "blockquote_open", "hr"}
_CONTAINERS = {"blockquote_open": 1, "bullet_list_open": 1, "ordered_list_open": 1, "blockquote_close": -1,
               "bullet_list_close": -1, "ordered_list_close": -1}
_INLINE = {"em_open", "strong_open", "link_open", "code_inline"}


@dataclass(frozen=True)
class Shape:
    """How much a body asks of the renderers, in the units of LIMITS."""

    characters: int
    lines: int
    markup: int
    blocks: int = 0
    inline: int = 0  # the most in one block
    links: int = 0
    depth: int = 0

    def over(self) -> str | None:
        """The first limit this body is over, or None."""
        return next((name for name in LIMITS if getattr(self, name) > LIMITS[name]), None)


def _source_shape(source: str) -> Shape:
    return Shape(characters=len(source), lines=source.count("\n") + 1,
                 markup=sum(source.count(mark) for mark in MARKUP))


def _token_shape(source: Shape, tokens) -> Shape:
    blocks = inline = links = depth = level = 0
    for token in tokens:
        level += _CONTAINERS.get(token.type, 0)
        depth = max(depth, level)
        if token.type in _BLOCKS and not token.hidden:  # a tight list's paragraphs are its items
            blocks += 1
        elif token.type in ("fence", "code_block"):
            blocks += token.content.count("\n") or 1
        elif token.type == "inline" and token.children:
            blocks += sum(child.type == "hardbreak" for child in token.children)
            inline = max(inline, sum(child.type in _INLINE for child in token.children))
            links += sum(child.type == "link_open" for child in token.children)
    return Shape(source.characters, source.lines, source.markup, blocks, inline, links, depth)


def measure(source: str) -> Shape:
    """The shape of a body; parses it only when the counts before parsing are within the limits."""
    shape = _source_shape(source)
    return shape if shape.over() else _token_shape(shape, _md.parse(source))


EXPLAIN = {
    "characters": "This text is {value:,} characters long; the limit is {limit:,}.",
    "lines": "This text has {value:,} lines; the limit is {limit:,}.",
    "markup": "This text has {value:,} of the characters * _ ` [ ] < > ! \\ &; the limit is {limit:,}.",
    "blocks": "This text has {value:,} paragraphs, headings, list items, quotes, code lines and line breaks "
              "together; the limit is {limit:,}.",
    "inline": "One paragraph, heading or list item of this text has {value:,} bits of emphasis, code and "
              "links; the limit is {limit:,} in one of them.",
    "links": "This text has {value:,} links; the limit is {limit:,}.",
    "depth": "This text has lists and quotes {value:,} deep inside each other; the limit is {limit:,}.",
}


def problem(source: str) -> str | None:
    """Why the API refuses this body (one plain English sentence), or None when it is within every limit."""
    shape = measure(source)
    name = shape.over()
    return EXPLAIN[name].format(value=getattr(shape, name), limit=LIMITS[name]) if name else None


def _shift_headings_and_show_links(tokens, website: str) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"
        if token.type == "inline" and token.children:
            _show_link_targets(token.children, website)


def _same_target(shown: str, href: str) -> bool:
    if href.startswith("tel:"):
        return re.sub(r"\D", "", shown) == re.sub(r"\D", "", href)
    return shown in (href, href.removeprefix("mailto:"))


def absolute_href(href: str, website: str) -> str | None:
    """The address a link may point to: as given when it has a scheme, else resolved against the sender's
    website (an http(s) address); None when it should be text. A scheme-relative "//host/…" names a host
    without saying how to reach it: shown as text."""
    if urlsplit(href).scheme:
        return href
    site = urlsplit(website or "")
    if href.startswith("//") or site.scheme not in ("http", "https") or not site.netloc:
        return None
    return urljoin(website, href)


def _show_link_targets(children, website: str) -> None:
    out, href, text, linked = [], None, [], True
    for child in children:
        if child.type == "link_open":
            href, text = child.attrGet("href") or "", []
            target = absolute_href(href, website)
            linked = target is not None
            if linked:
                href = target
                child.attrSet("href", target)
        elif child.type == "link_close" and href is not None:
            if linked:
                out.append(child)
            if not _same_target("".join(text).strip(), href):
                extra = child.__class__("text", "", 0)
                extra.content = f" ({href.removeprefix('mailto:').removeprefix('tel:')})"
                out.append(extra)
            href = None
            continue
        elif href is not None and child.type == "text":
            text.append(child.content)
        if child.type != "link_open" or linked:
            out.append(child)
    children[:] = out


def plain(source: str) -> Markup:
    """A body as plain paragraphs: for one stored before the limits, too big to render as Markdown in time."""
    paragraphs = re.split(r"\n\s*\n", source.strip())
    return Markup("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip()))  # noqa: S704 -- escaped


KEPT_CHARACTERS = 20_000  # bodies up to this long are kept once rendered: nearly every letter
KEPT = 256  # at most about 10 MB: each kept text beside its HTML


def render(source: str, *, website: str = "") -> Markup:
    """The body as safe HTML; `website` is the sender's (Organisation.website), for links without a scheme.
    A pure function of the two, so a short body's HTML is kept per process: a letter is read more than once
    (again after a paper request, by a helper), and a mass letter says the same to many people."""
    source = source or ""
    if len(source) > KEPT_CHARACTERS:
        return _render(source, website)
    return _kept(source, website)


@functools.lru_cache(maxsize=KEPT)
def _kept(source: str, website: str) -> Markup:
    return _render(source, website)


def _render(source: str, website: str) -> Markup:
    shape = _source_shape(source)
    if shape.over():
        return plain(source)
    tokens = _md.parse(source)
    if _token_shape(shape, tokens).over():
        return plain(source)
    _shift_headings_and_show_links(tokens, website)
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 -- cleaned by nh3 just above
