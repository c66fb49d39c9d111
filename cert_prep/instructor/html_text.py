"""HTML (from a GIFT `[html]` question) -> plain text.

Bank text is data, never markup, so imported HTML becomes the text a reader would see:
tags are dropped, block elements become line breaks, list items get a dash, entities are
decoded, and `<script>`/`<style>` contents vanish. A `<` that does not start a tag stays
text. Images cannot be imported; they are counted so the importer can say so.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "ul",
        "ol",
        "table",
        "tr",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
    }
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_SPACES = re.compile(r"[^\S\n]+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            self.images += 1
            alt = dict(attrs).get("alt") or ""
            self.parts.append(f" [image: {alt.strip()}] " if alt.strip() else " [image] ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # In HTML a line break in the source is just a space.
            self.parts.append(data.replace("\n", " "))


def html_to_text(markup: str) -> tuple[str, int]:
    """(plain text, number of images left out)."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip(), parser.images
