"""Message bodies: a safe Markdown subset, rendered with markdown-it-py and cleaned with nh3.

No raw HTML, no images (nothing is fetched from elsewhere), headings start at h2 (the page has the h1),
and every link shows its real address next to its text, so nobody is fooled by "click here".
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(["image", "html_inline", "html_block"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"https", "http", "mailto", "tel"}


def _shift_headings_and_show_links(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"
        if token.type == "inline" and token.children:
            _show_link_targets(token.children)


def _same_target(shown: str, href: str) -> bool:
    if href.startswith("tel:"):
        return re.sub(r"\D", "", shown) == re.sub(r"\D", "", href)
    return shown in (href, href.removeprefix("mailto:"))


def _show_link_targets(children) -> None:
    out, href, text = [], None, []
    for child in children:
        out.append(child)
        if child.type == "link_open":
            href, text = child.attrGet("href") or "", []
        elif child.type == "link_close" and href is not None:
            if not _same_target("".join(text).strip(), href):
                extra = child.__class__("text", "", 0)
                extra.content = f" ({href.removeprefix('mailto:').removeprefix('tel:')})"
                out.append(extra)
            href = None
        elif href is not None and child.type == "text":
            text.append(child.content)
    children[:] = out


def render(source: str) -> Markup:
    tokens = _md.parse(source or "")
    _shift_headings_and_show_links(tokens)
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 -- cleaned by nh3 just above
