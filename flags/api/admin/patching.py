"""RFC 6902 JSON patches applied to a wire document, with bad patches as 400s."""

import jsonpatch
import jsonpointer

from flags.errors import ValidationFailed


def apply_patch(document, operations):
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise ValidationFailed.at("body", "must be a JSON patch: an array of operations")
    try:
        return jsonpatch.apply_patch(document, operations)
    except (
        jsonpatch.JsonPatchException,
        jsonpointer.JsonPointerException,
        KeyError,
        IndexError,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        raise ValidationFailed.at("body", f"cannot apply the patch: {exc}") from exc
