"""A tiny, safe Markdown subset for banners: escape everything, then add a few known tags.

Supported: paragraphs (blank line), line breaks, **bold**, *italic* / _italic_, `code` and
[text](http(s)://... or /path) links. No raw HTML ever passes: the text is escaped first and
only the tags below are produced, so a banner cannot inject script or markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])[*_](?![\s*_])(.+?)(?<![\s*_])[*_](?![\w*])")
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|/(?!/))[^\s()<>\"']*)\)")
_SAFE_URL = re.compile(r"^(https?://[^\s<>\"']+|/(?!/)[^\s<>\"']*)$")


def safe_url(url: str) -> bool:
    """http(s) or a site-relative path; javascript: and friends are refused."""
    return bool(_SAFE_URL.match(url or ""))


def _emphasis(text: str) -> str:
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", text))


def _inline(text: str) -> str:
    # Code spans and links become placeholders first so emphasis never reaches inside them.
    kept: list[str] = []

    def keep(html: str) -> str:
        kept.append(html)
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), text)
    text = _LINK.sub(
        lambda m: keep(
            f'<a href="{m.group(2)}" target="_blank" rel="noopener noreferrer">'
            f"{_emphasis(m.group(1))}</a>"
        ),
        text,
    )
    text = _emphasis(text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def render(text: str) -> SafeString:
    """Markdown subset -> safe HTML (paragraphs of inline markup)."""
    escaped = escape(text or "").replace("&#x27;", "'").replace("&quot;", '"')
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", escaped) if p.strip()]
    html = "".join(f"<p>{_inline(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308  (built only from escaped text and our own tags)


def render_inline(text: str) -> SafeString:
    """One line of markup without the surrounding paragraph (the banner's message)."""
    escaped = escape(text or "").replace("&#x27;", "'").replace("&quot;", '"')
    return mark_safe(_inline(escaped).replace("\n", "<br>"))  # noqa: S308
