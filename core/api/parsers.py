"""The admin API's JSON parser: absurdly nested JSON is a 400, never a RecursionError 500."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from core.textcheck import MAX_JSON_DEPTH, json_too_deep

TOO_DEEP = f"JSON parse error - the body nests deeper than {MAX_JSON_DEPTH} levels"


class BoundedJSONParser(JSONParser):
    """DRF's JSONParser plus a depth limit (textcheck.MAX_JSON_DEPTH) checked without recursion.

    Python's decoder raises RecursionError (not ValueError, which DRF catches) on a few
    thousand nested brackets; anything deeper than the limit would crash recursive code later.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(TOO_DEEP) from exc
        if json_too_deep(data):
            raise ParseError(TOO_DEEP)
        return data
