"""Jobs pause while on and run again after: in-process, and on a real worker with beat."""

import pytest

from accounts.tasks import clear_expired_sessions
from core.actors import Actor
from maintenance import services, tasks
from maintenance.task_guard import MaintenanceAwareTask, task_stats
from tests.support.workers import wait_for, worker_with_beat
from unleash_site.celery import app

SESSIONS = "accounts.clear_expired_sessions"
WINDOW = "maintenance.close_finished_window"


def test_every_task__app_task_class__maintenance_aware():
    app.loader.import_default_modules()
    ours = {name: t for name, t in app.tasks.items() if not name.startswith("celery.")}
    assert ours and all(isinstance(t, MaintenanceAwareTask) for t in ours.values())


def test_task__on__skipped_and_counted(maintenance_on):
    clear_expired_sessions.apply()
    assert task_stats(SESSIONS).get("skipped") == 1 and "ran" not in task_stats(SESSIONS)


def test_task__after_off__runs(maintenance_on, switch):
    switch(False)
    clear_expired_sessions.apply()
    assert task_stats(SESSIONS).get("ran") == 1


def test_window_task__on__runs_anyway(maintenance_on):
    tasks.close_finished_window.apply()
    assert task_stats(WINDOW).get("ran") == 1


@pytest.mark.live
def test_beat__real_worker__skips_while_on_and_resumes_after(transactional_db, tmp_path):
    services.set_maintenance(enabled=True, message="beat test", actor=Actor.system("test"))
    log = tmp_path / "worker.log"
    with worker_with_beat(tmp_path, log, BEAT_INTERVAL_SECONDS=1):
        skipped = wait_for(lambda: task_stats(SESSIONS).get("skipped", 0) >= 2, timeout=40)
        assert skipped, log.read_text()[-3000:]
        assert task_stats(SESSIONS).get("ran", 0) == 0
        assert task_stats(WINDOW).get("ran", 0) >= 1  # the window check runs while on
        services.set_maintenance(enabled=False, actor=Actor.system("test"))
        ran = wait_for(lambda: task_stats(SESSIONS).get("ran", 0) >= 1, timeout=15)
        assert ran, log.read_text()[-3000:]
    assert "skipping task accounts.clear_expired_sessions" in log.read_text()
