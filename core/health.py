"""Liveness and readiness probes."""

from django.db import connection
from django.http import JsonResponse

from core import redis_client


def health(request):
    return JsonResponse({"health": "GOOD"})


def ready(request):
    down = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        down.append("database")
    if redis_client.configured() and not redis_client.ping():
        down.append("redis")
    if down:
        return JsonResponse(
            {"health": "BAD", "message": f"unavailable: {', '.join(down)}", "down": down},
            status=503,
        )
    return JsonResponse({"health": "GOOD"})
