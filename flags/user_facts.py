"""What flags knows about users, for accounts' user-admin (connected by the project package).

accounts never imports flags; ``unleash_site.apps.SiteConfig.ready`` hands these to
``accounts.hooks``.
"""

from django.db.models import Max

from flags.models import ApiToken, Project
from flags.models.tokens import TokenType


def project_ids(user) -> list[str]:
    """Every project: each is open to every role (no project membership here)."""
    return list(Project.objects.order_by("pk").values_list("pk", flat=True))


def personal_token_seen(users) -> dict:
    """{user id: newest last use of one of their personal tokens} for users that have one."""
    pats = ApiToken.objects.filter(type=TokenType.PERSONAL, user__in=users)
    return dict(
        pats.values("user_id").annotate(at=Max("last_seen_at")).values_list("user_id", "at")
    )
