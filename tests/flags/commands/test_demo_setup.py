"""manage.py demo_setup: a demo superuser and development tokens, the same on every run."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from flags.models import ApiToken
from flags.tokens import hash_secret


@pytest.fixture
def data_dir(settings, tmp_path, db):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _run():
    out = StringIO()
    call_command("demo_setup", stdout=out)
    text = out.getvalue()
    backend = re.search(r"Backend token:\s+(\S+)", text).group(1)
    frontend = re.search(r"Frontend token:\s+(\S+)", text).group(1)
    return text, backend, frontend


def test_demo_setup__first_run__superuser_and_two_tokens_printed(data_dir):
    text, backend, frontend = _run()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("unleash4all")
    assert "user admin, password unleash4all" in text
    assert backend.startswith("*:development.")
    assert frontend.startswith("*:development.")
    assert ApiToken.objects.get(secret_hash=hash_secret(backend)).type == "backend"
    assert ApiToken.objects.get(secret_hash=hash_secret(frontend)).type == "frontend"


def test_demo_setup__first_run__credentials_file_private(data_dir):
    _, backend, frontend = _run()
    path = data_dir / "demo-credentials.json"
    assert json.loads(path.read_text()) == {"backend": backend, "frontend": frontend}
    assert path.stat().st_mode & 0o777 == 0o600


def test_demo_setup__second_run__same_tokens_nothing_new(data_dir):
    _, backend, frontend = _run()
    _, backend_again, frontend_again = _run()
    assert (backend_again, frontend_again) == (backend, frontend)
    assert ApiToken.objects.count() == 2
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_demo_setup__saved_token_deleted__new_one_created(data_dir):
    _, backend, frontend = _run()
    ApiToken.objects.filter(secret_hash=hash_secret(backend)).delete()
    _, new_backend, same_frontend = _run()
    assert new_backend != backend and same_frontend == frontend
    assert ApiToken.objects.filter(secret_hash=hash_secret(new_backend)).exists()
