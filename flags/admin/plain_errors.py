"""Validation details ({"path", "message"}) said in plain words, each tied to its editor row.

`flags.validation` names the wire path (`constraints[1].value`); an admin wants "Constraint 2:
the value must be ...", and the editor wants to mark only row 2.
"""

import re

ROW_PATH = re.compile(r"^(?P<root>\w+)\[(?P<row>\d+)\](?:\.(?P<field>[\w.]+))?(?P<rest>.*)$")

FIELD_WORDS = {
    "contextName": "the context field",
    "operator": "the operator",
    "value": "the value",
    "values": "the values",
    "name": "the name",
    "weight": "the weight",
    "weightType": "the weight type",
    "stickiness": "the stickiness",
    "payload": "the payload",
    "payload.type": "the payload type",
    "payload.value": "the payload",
    "overrides": "the overrides",
    "caseInsensitive": "ignore case",
    "inverted": "not",
}

# Messages whose words come from a specification rather than from the page.
REWORDED = {
    "must be an RFC 3339 date-time with a time zone": (
        "must be a date and time, e.g. 2025-06-01 or 2025-06-01T09:00:00Z"
    ),
    "must be a valid RE2 regular expression": "is not a regular expression SDKs can use",
    "must be a semantic version such as 1.2.3": "must be a version such as 1.2.3 or 2.0.0-beta.1",
}


# The operator names the editor shows (Unleash's UI words).
OPERATOR_WORDS = {
    "IN": "is one of",
    "NOT_IN": "is not one of",
    "STR_CONTAINS": "contains",
    "STR_STARTS_WITH": "starts with",
    "STR_ENDS_WITH": "ends with",
    "IN_CIDR": "IP is in range",
    "REGEX": "matches regex",
}
OPERATOR_FIRST = re.compile(r"^(?P<op>[A-Z][A-Z_]+) (?P<rest>.*)$")


def _reword(message: str) -> str:
    if message.startswith("unknown operator"):
        return "is not one SDKs know: pick one from the list"
    return REWORDED.get(message, message)


def plain_errors(errors: list[dict], noun: str) -> list[dict]:
    """[{"row": index or None, "field": str, "message": str, "text": full sentence}]."""
    out = []
    for error in errors:
        path, message = error.get("path") or "", _reword(error["message"])
        match = ROW_PATH.match(path)
        if match is None:
            out.append({"row": None, "field": "", "message": message, "text": _cap(message)})
            continue
        row, field = int(match["row"]), match["field"] or ""
        words = FIELD_WORDS.get(field, field)
        operator_first = OPERATOR_FIRST.match(message)
        if operator_first:
            # "STR_ENDS_WITH needs at least one value": the operator is the subject.
            op = operator_first["op"]
            message = f"“{OPERATOR_WORDS.get(op, op)}” {operator_first['rest']}"
            words = ""
        index = match["rest"].strip("[]")
        if index.isdigit():
            words = f"value {int(index) + 1}"
        said = f"{words} {message}" if words else message
        out.append(
            {"row": row, "field": field, "message": _cap(said), "text": f"{noun} {row + 1}: {said}"}
        )
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
