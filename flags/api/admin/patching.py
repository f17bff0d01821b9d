"""RFC 6902 JSON patches applied to a wire document, with bad patches as 400s."""

import jsonpatch
import jsonpointer

from core.errors import ValidationFailed
from core.textcheck import check_text

MAX_POINTER = 1000  # as PatchOperationSerializer documents it


def apply_patch(document, operations):
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise ValidationFailed.at("body", "must be a JSON patch: an array of operations")
    # jsonpatch quotes a bad pointer in its error, so pointers must be text a response can
    # carry; values are checked by the serializer or service that names their field.
    problems = [
        problem
        for index, op in enumerate(operations)
        for key in ("path", "from")
        if isinstance(op.get(key), str)
        for problem in check_text(op[key], f"body[{index}].{key}", MAX_POINTER)
    ]
    if problems:
        raise ValidationFailed.from_details(problems)
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
