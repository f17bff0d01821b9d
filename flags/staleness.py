"""Which flags are potentially stale: older than their type's expected lifetime (Unleash's rule)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from flags.models import FeatureTypeDefinition


def potentially_stale_q(now=None) -> Q:
    """Flags created longer ago than their type's lifetime; stale or not (callers decide).

    Types without a lifetime (kill switch, permission) never become potentially stale. Unleash
    marks these flags in a scheduled job; computing it at read time gives the same answer
    without a write (which maintenance mode would refuse anyway).
    """
    now = now or timezone.now()
    q = Q(pk__in=[])
    lifetimes = FeatureTypeDefinition.objects.filter(lifetime_days__isnull=False)
    for type_id, days in lifetimes.values_list("id", "lifetime_days"):
        q |= Q(type=type_id, created_at__lt=now - timedelta(days=days))
    return q
