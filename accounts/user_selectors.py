"""Reads on users for the user-admin routes: search, admins, inactive users."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts import hooks

# Unleash's USER_INACTIVITY_THRESHOLD_IN_DAYS default.
INACTIVE_AFTER_DAYS = 180
# Unleash searches from two characters on.
SEARCH_MIN = 2
SEARCH_LIMIT = 100


def all_users():
    return get_user_model().objects.prefetch_related("groups").order_by("pk")


def search(query: str):
    """Users whose username, email or name contains ``query`` (case-insensitive)."""
    if not isinstance(query, str) or len(query) < SEARCH_MIN:
        return get_user_model().objects.none()
    match = Q(username__icontains=query) | Q(email__icontains=query)
    match |= Q(first_name__icontains=query)
    return all_users().filter(match)[:SEARCH_LIMIT]


def admin_count() -> dict:
    """Active admins with and without a usable password (Unleash's adminCountSchema)."""
    admins = get_user_model().objects.filter(is_active=True)
    admins = admins.filter(Q(is_superuser=True) | Q(groups__name="Admin")).distinct()
    with_password = sum(1 for user in admins if user.has_usable_password())
    return {"password": with_password, "noPassword": admins.count() - with_password, "service": 0}


def inactive_users(days: int = INACTIVE_AFTER_DAYS) -> list[tuple]:
    """(user, newest personal-token use) for users not seen, created or token-active lately."""
    cutoff = timezone.now() - timedelta(days=days)
    users = get_user_model().objects.filter(date_joined__lt=cutoff)
    users = users.filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff)).order_by("pk")
    seen = hooks.personal_token_seen(users)
    return [
        (user, seen.get(user.pk))
        for user in users
        if seen.get(user.pk) is None or seen[user.pk] < cutoff
    ]
