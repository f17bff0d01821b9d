"""Moving a model to another app by state only: its content type follows, with its grants.

Used by the migrations that moved models (core 0001, accounts 0001). A database migrated
before the move holds the old content type only: it is relabelled in place, so permissions,
their user and group grants and admin history keep their rows. A database migrated from
empty may hold both (flags 0002 creates content types mid-migration, for every model of the
state at that point): the old one's grants move to the new one's permissions, then it goes.
"""

from django.db.models import Q


def move_content_types(apps, old_label: str, new_label: str, models: tuple[str, ...]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        stale = ContentType.objects.filter(app_label=old_label, model=model).first()
        if stale is None:
            continue
        current = ContentType.objects.filter(app_label=new_label, model=model).first()
        if current is None:
            stale.app_label = new_label
            stale.save(update_fields=["app_label"])
        else:
            _merge(apps, stale, current)
            stale.delete()
    _clear_live_cache()


def _merge(apps, stale, current) -> None:
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=stale):
        twin, _ = Permission.objects.get_or_create(
            content_type=current, codename=permission.codename, defaults={"name": permission.name}
        )
        twin.user_set.add(*permission.user_set.all())
        twin.group_set.add(*permission.group_set.all())
    _repoint_admin_history(apps, stale, current)


def _repoint_admin_history(apps, stale, current) -> None:
    try:
        LogEntry = apps.get_model("admin", "LogEntry")
    except LookupError:  # the admin app's tables are not there yet: no history to keep
        return
    LogEntry.objects.filter(Q(content_type=stale)).update(content_type=current)


def _clear_live_cache() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
