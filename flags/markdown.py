"""Banner Markdown: CommonMark (markdown-it-py) as Unleash's react-markdown renders it, sanitised.

Unleash shows a banner's message and dialog through react-markdown without plugins: plain
CommonMark, raw HTML shown as text, links opening in a new tab. markdown-it-py's "commonmark"
preset with ``html`` off does the same; its link check is narrowed to http(s) and relative
URLs, and nh3 (the Ammonia sanitiser) then keeps only the tags CommonMark produces, so even a
parser bug could not let script, event handlers or a javascript:/data: URL through.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f<>\"'\\]")

# Everything the CommonMark preset can produce; anything else is dropped (its text kept).
_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https"},
    link_rel="noopener noreferrer",
    set_tag_attribute_values={"a": {"target": "_blank"}},
    strip_comments=True,
)


def safe_url(url: str) -> bool:
    """An http(s) URL with a host, or a relative one; javascript:, data: and friends are refused.

    Blanks, controls, quotes and backslashes are refused outright: browsers drop or rewrite
    them, which is how "java\\tscript:" and "/\\\\host" tricks work.
    """
    if not url or _UNSAFE_CHARS.search(url):
        return False
    scheme = _SCHEME.match(url)
    if scheme is None:
        # relative ("/path", "page", "#part", "?q"); "//host" is http(s) by the page's scheme
        return ":" not in re.split(r"[/?#]", url, maxsplit=1)[0]
    rest = url[scheme.end() :]
    return scheme.group(1).lower() in ("http", "https") and len(rest) > 2 and rest[:2] == "//"


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    # markdown-it calls this with the normalised (percent-encoded) destination; a refused
    # one leaves the brackets as text, as with any malformed link.
    parser.validateLink = safe_url
    return parser


_MARKDOWN = _parser()


def render(text: str) -> SafeString:
    """CommonMark -> sanitised HTML (blocks: paragraphs, lists, headings, code ...)."""
    html = _CLEANER.clean(_MARKDOWN.render(text or ""))
    return mark_safe(html)  # noqa: S308  (sanitised by nh3 just above)


def render_in_link(text: str) -> SafeString:
    """Inline emphasis only, for a place that is itself a link (the banner list's cell).

    Links keep their text but not their tag (a link inside a link is invalid HTML), and blocks
    are dropped so the cell stays one line.
    """
    html = nh3.clean(_MARKDOWN.render(text or ""), tags={"strong", "em", "code", "br"})
    return mark_safe(html.strip())  # noqa: S308  (sanitised by nh3 just above)


def plain_text(text: str, limit: int | None = None) -> str:
    """The words without the markup (a link keeps its text), cut at a word if over ``limit``."""
    words = " ".join(html.unescape(nh3.clean(_MARKDOWN.render(text or ""), tags=set())).split())
    if limit is None or len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0] or words[:limit]
    return cut.rstrip(" ,;:.") + "…"
