"""Where a webhook may post: http(s) only, public addresses only unless the operator allows."""

import pytest

from integrations.urlcheck import UrlRefused, check_url, is_public


@pytest.mark.parametrize(
    "url",
    [
        "ftp://1.1.1.1/x",
        "file:///etc/passwd",
        "gopher://1.1.1.1/",
        "javascript:alert(1)",
        "http://",
        "http://user:pw@1.1.1.1/",
        "http://1.1.1.1:99999/",
        "http://1.1.1.1/a b",
        "not a url",
    ],
)
def test_check_url__not_http_url__refused(url):
    with pytest.raises(UrlRefused):
        check_url(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::",
        "64:ff9b::7f00:1",
    ],
)
def test_check_url__private_address__refused_by_default(address):
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(UrlRefused, match="non-public"):
        check_url(f"http://{host}/hook")
    assert not is_public(address)


def test_check_url__private_host_allow_listed__accepted(settings):
    settings.INTEGRATION_ALLOWED_HOSTS = ["127.0.0.1"]
    checked = check_url("http://127.0.0.1:8080/hook?x=1")
    assert (checked.address, checked.port, checked.target) == ("127.0.0.1", 8080, "/hook?x=1")
    with pytest.raises(UrlRefused):
        check_url("http://10.0.0.1/hook")


def test_check_url__private_urls_allowed__accepted(settings):
    settings.INTEGRATION_ALLOW_PRIVATE_URLS = True
    assert check_url("http://10.0.0.1/hook").address == "10.0.0.1"
    with pytest.raises(UrlRefused):
        check_url("ftp://10.0.0.1/hook")  # the scheme rule still holds


def test_check_url__public_address__accepted_and_pinned():
    checked = check_url("https://1.1.1.1/hook")
    assert (checked.address, checked.port, checked.target) == ("1.1.1.1", 443, "/hook")


def test_check_url__unresolvable_name__refused():
    with pytest.raises(UrlRefused, match="did not resolve"):
        check_url("https://no-such-host.invalid/hook")
