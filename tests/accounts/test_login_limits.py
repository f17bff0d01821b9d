"""Failed-login counting: atomic across concurrent attempts, windowed, resettable."""

from concurrent.futures import ThreadPoolExecutor

from accounts import login_limits


def test_count_failure__concurrent_attempts__every_one_counted():
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: login_limits.count_failure("eve", "10.0.0.9"), range(40)))
    assert login_limits.count_failure("eve", "10.0.0.9") == 41


def test_locked_for__at_limit__seconds_until_window_ends(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    for _ in range(2):
        login_limits.count_failure("eve", "10.0.0.9")
    assert login_limits.locked_for("eve", "10.0.0.9") is None
    login_limits.count_failure("eve", "10.0.0.9")
    assert 590 <= login_limits.locked_for("eve", "10.0.0.9") <= 600


def test_locked_for__other_ip_or_user__not_locked(settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    login_limits.count_failure("eve", "10.0.0.9")
    assert login_limits.locked_for("eve", "10.0.0.10") is None
    assert login_limits.locked_for("bob", "10.0.0.9") is None


def test_reset__after_failures__unlocked(settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    login_limits.count_failure("eve", "10.0.0.9")
    login_limits.reset("eve", "10.0.0.9")
    assert login_limits.locked_for("eve", "10.0.0.9") is None
    assert login_limits.count_failure("eve", "10.0.0.9") == 1
