"""URL path converters for ids: ASCII digits only, so '²' or '٣' never reaches int().

Python's ``str.isdigit()`` and ``int()`` accept every Unicode digit ('²' passes isdigit and
then fails int, '٣' becomes 3); a path segment is an id only when it is [0-9]. A segment
that does not match is simply no route: a 404 (JSON under /api).
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class AsciiIdConverter(IntConverter):
    """A numeric id; handed to the view as the digit string (views parse it with int_id).

    Django's ``int`` matches [0-9]+ too, but hands over an int; the views take strings.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class SecretOrIdConverter:
    """An API token's secret or its numeric id: anything but digits outside ASCII."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        if value.isdigit() and not value.isascii():
            raise ValueError("not an id: only ASCII digits are")
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(AsciiIdConverter, "ascii_id")
register_converter(SecretOrIdConverter, "secret_or_id")
