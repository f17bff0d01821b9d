"""Banner Markdown: CommonMark as Unleash renders it; hostile input never yields live markup."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flags.markdown import render, safe_url
from tests.support.fuzz import examples

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip


class _Markup(HTMLParser):
    """Every tag and attribute of an HTML fragment, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _markup(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags


def _url_is_http_or_relative(url: str) -> bool:
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" not in head:
        return True
    return url.lower().startswith(("http://", "https://"))


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](data:image/png;base64,AAAA)",
    "![x](javascript:alert(1))",
    "[x](vbscript:msgbox)",
    '[x](https://a.io "t" onmouseover="alert(1)")',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example>",
    "<style>body{display:none}</style>",
    "`<script>`",
    "**[x](https://ok.example)**",
    "<https://auto.example>",
    "<javascript:alert(1)>",
    "[x](/relative)",
    "\n\n",
    "*",
    "]",
    "(",
    '"',
    "'",
    "&",
    "onclick=",
]


def _assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    for tag, attrs in _markup(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert _url_is_http_or_relative(value or ""), (tag, name, value)


@pytest.mark.parametrize("text", HOSTILE)
def test_render__hostile_sample__no_script_handler_or_foreign_url(text):
    _assert_inert(render(text))


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), max_size=8))
def test_render__hostile_mix__no_script_handler_or_foreign_url(parts):
    _assert_inert(render("".join(parts)))


def test_render__commonmark_blocks__as_react_markdown_renders_them():
    html = render("# Title\n\n- one\n- two\n\n> quoted\n\n```\nx < y\n```\n\n1. first")

    assert "<h1>Title</h1>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<pre><code>x &lt; y\n</code></pre>" in html
    assert "<ol>\n<li>first</li>\n</ol>" in html


def test_render__links__new_tab_no_opener_no_referrer():
    html = render("[docs](https://docs.example/x) and [home](/admin/)")

    assert (
        '<a href="https://docs.example/x" target="_blank" rel="noopener noreferrer">docs</a>'
    ) in html
    assert '<a href="/admin/" target="_blank" rel="noopener noreferrer">home</a>' in html


def test_render__raw_html__shown_as_text_like_unleash():
    assert str(render("a <b>bold</b>")) == "<p>a &lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_render__soft_line_break__kept_as_newline_as_commonmark():
    assert str(render("one\ntwo")) == "<p>one\ntwo</p>\n"


@pytest.mark.parametrize(
    "url",
    ["https://a.example", "http://a.example/x?y#z", "/path", "page", "#part", "?q=1", "//a.io"],
)
def test_safe_url__http_or_relative__accepted(url):
    assert safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "mailto:a@example.com",
        "https://",
        "http:relative",
        " /x",
        "java\tscript:x",
        "/\\evil.example",
        '/"onmouseover=x',
    ],
)
def test_safe_url__other_schemes_or_tricks__refused(url):
    assert not safe_url(url)
