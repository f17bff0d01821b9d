"""The SDK routes (client and frontend APIs) in /api/openapi.json, as static path entries.

Those routes are plain Django views served on the lean path (core.sdk_gateway), so
drf-spectacular cannot see them; a postprocessing hook adds their description here instead,
which costs the SDK requests nothing.
"""

from copy import deepcopy

CLIENT_TAG = "Client API"
FRONTEND_TAG = "Frontend API"
CLIENT_SCHEME = {
    "type": "apiKey",
    "in": "header",
    "name": "Authorization",
    "description": "A backend (client) token: <project>:<environment>.<secret>.",
}
FRONTEND_SCHEME = {**CLIENT_SCHEME, "description": "A frontend token (public, per environment)."}

ERROR = {"$ref": "#/components/schemas/Error"}
OBJ = {"type": "object", "additionalProperties": True}
VARIANT = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "enabled": {"type": "boolean"},
        "feature_enabled": {"type": "boolean"},
        "featureEnabled": {"type": "boolean"},
        "payload": {"type": "object", "additionalProperties": True},
    },
    "required": ["name", "enabled"],
}
CLIENT_FEATURE = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "type": {"type": "string"},
        "description": {"type": "string", "nullable": True},
        "project": {"type": "string"},
        "enabled": {"type": "boolean"},
        "stale": {"type": "boolean"},
        "impressionData": {"type": "boolean"},
        "strategies": {"type": "array", "items": OBJ},
        "variants": {"type": "array", "items": OBJ},
        "dependencies": {"type": "array", "items": OBJ},
    },
    "required": ["name", "enabled", "strategies"],
}
CLIENT_FEATURES = {
    "type": "object",
    "properties": {
        "version": {"type": "integer"},
        "features": {"type": "array", "items": CLIENT_FEATURE},
        "segments": {"type": "array", "items": OBJ},
        "query": OBJ,
        "meta": OBJ,
    },
    "required": ["version", "features"],
}
DELTA = {  # the client specification's delta format (files 19 and 20)
    "type": "object",
    "properties": {"events": {"type": "array", "items": OBJ}},
    "required": ["events"],
}
TOGGLES = {
    "type": "object",
    "properties": {
        "toggles": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "enabled": {"type": "boolean"},
                    "variant": VARIANT,
                    "impressionData": {"type": "boolean"},
                },
                "required": ["name", "enabled", "variant", "impressionData"],
            },
        }
    },
    "required": ["toggles"],
}
REGISTRATION = {
    "type": "object",
    "properties": {
        "appName": {"type": "string"},
        "instanceId": {"type": "string"},
        "sdkVersion": {"type": "string"},
        "environment": {"type": "string"},
        "interval": {"type": "integer"},
        "started": {"type": "string", "format": "date-time"},
        "strategies": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["appName"],
}
BUCKET = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date-time"},
        "stop": {"type": "string", "format": "date-time"},
        "toggles": {"type": "object", "additionalProperties": OBJ},
    },
    "required": ["start", "stop", "toggles"],
}
METRICS = {
    "type": "object",
    "properties": {
        "appName": {"type": "string"},
        "instanceId": {"type": "string"},
        "environment": {"type": "string"},
        "bucket": BUCKET,
    },
    "required": ["appName", "bucket"],
}
BULK = {
    "type": "object",
    "properties": {
        "applications": {"type": "array", "items": REGISTRATION},
        "metrics": {"type": "array", "items": OBJ},
    },
}
CONTEXT_PARAMS = ["appName", "environment", "userId", "sessionId", "remoteAddress"]


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _answers(ok: str, body: dict | None = None, *, cached: bool = False) -> dict:
    answers = {ok: {"description": "OK"}}
    if body is not None:
        answers[ok]["content"] = _json(body)
    if cached:
        answers["304"] = {"description": "Not modified (If-None-Match matched the ETag)"}
    for code, text in (
        ("400", "Bad input"),
        ("401", "No valid token"),
        ("403", "Wrong kind of token"),
        ("413", "Body too large"),
        ("429", "Rate limited"),
        ("503", "Storage unavailable"),
    ):
        answers[code] = {"description": text, "content": _json(ERROR)}
    return answers


def _op(op_id, tag, summary, answers, *, body=None, params=(), scheme="clientToken") -> dict:
    operation = {
        "operationId": op_id,
        "tags": [tag],
        "summary": summary,
        "security": [{scheme: []}],
        "parameters": list(params),
        "responses": answers,
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    return operation


def _query(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": description,
    }


def sdk_paths() -> dict:
    """OpenAPI path items of every SDK route the server answers (see core.sdk_gateway)."""
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
    context = [_query(p, f"Context field {p}") for p in CONTEXT_PARAMS]
    fe = {"scheme": "frontendToken"}
    toggles = _answers("200", TOGGLES, cached=True)
    return {
        "/api/client/features": {
            "get": _op(
                "getAllClientFeatures",
                CLIENT_TAG,
                "Every flag of the token's scope",
                _answers("200", CLIENT_FEATURES, cached=True),
                params=[
                    _query("project", "Only these projects"),
                    _query("namePrefix", "Only flags whose name starts with this"),
                ],
            )
        },
        "/api/client/features/{name}": {
            "get": _op(
                "getClientFeature",
                CLIENT_TAG,
                "One flag (segments inlined)",
                {
                    **_answers("200", CLIENT_FEATURE),
                    "404": {"description": "Unknown flag", "content": _json(ERROR)},
                },
                params=[name],
            )
        },
        "/api/client/delta": {
            "get": _op(
                "getDelta",
                CLIENT_TAG,
                "What changed since the ETag sent in If-None-Match (a hydration without one)",
                _answers("200", DELTA, cached=True),
                params=[
                    _query("project", "Only these projects"),
                    _query("namePrefix", "Only flags whose name starts with this"),
                ],
            )
        },
        "/api/client/streaming": {
            "get": _op(
                "streamClientFeatures",
                CLIENT_TAG,
                "Server-sent events: unleash-connected (state), then unleash-updated (deltas);"
                " Last-Event-ID resumes; 429 when the process has no room for another stream",
                {
                    **_answers("200"),
                    "200": {
                        "description": "An event stream",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                },
            )
        },
        "/api/client/register": {
            "post": _op(
                "registerClientApplication",
                CLIENT_TAG,
                "An SDK announces itself",
                _answers("202"),
                body=REGISTRATION,
            )
        },
        "/api/client/metrics": {
            "post": _op(
                "registerClientMetrics",
                CLIENT_TAG,
                "Evaluation counts of one bucket",
                _answers("202"),
                body=METRICS,
            )
        },
        "/api/client/metrics/bulk": {
            "post": _op(
                "clientBulkMetrics",
                CLIENT_TAG,
                "Metrics and registrations in bulk",
                _answers("202"),
                body=BULK,
            )
        },
        "/api/frontend": {
            "get": _op(
                "getFrontendFeatures",
                FRONTEND_TAG,
                "Flags on for a context (query)",
                toggles,
                params=context,
                **fe,
            ),
            "post": _op(
                "getFrontendApiFeatures",
                FRONTEND_TAG,
                "Flags on for a context (body)",
                deepcopy(toggles),
                body={
                    "type": "object",
                    "properties": {"context": OBJ},
                    "additionalProperties": True,
                },
                **fe,
            ),
        },
        "/api/frontend/client/metrics": {
            "post": _op(
                "registerFrontendMetrics",
                FRONTEND_TAG,
                "Browser evaluation counts",
                _answers("200"),
                body=METRICS,
                **fe,
            )
        },
        "/api/frontend/client/register": {
            "post": _op(
                "registerFrontendClient",
                FRONTEND_TAG,
                "A browser SDK announces itself",
                _answers("200"),
                body=REGISTRATION,
                **fe,
            )
        },
    }


def add_sdk_routes(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the SDK paths and their token schemes."""
    result.setdefault("paths", {}).update(sdk_paths())
    components = result.setdefault("components", {})
    schemes = components.setdefault("securitySchemes", {})
    schemes["clientToken"] = CLIENT_SCHEME
    schemes["frontendToken"] = FRONTEND_SCHEME
    tags = result.setdefault("tags", [])
    known = {t.get("name") for t in tags}
    for tag, text in ((CLIENT_TAG, "Server-side SDKs"), (FRONTEND_TAG, "Browser and mobile SDKs")):
        if tag not in known:
            tags.append({"name": tag, "description": text})
    return result
