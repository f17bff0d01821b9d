"""Create (once) a demo admin and development tokens, and print how to use them."""

import json
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.actors import Actor
from flags.models import ApiToken, Environment, TokenType
from flags.services import token_create
from maintenance.errors import MaintenanceActive

DEMO_USER, DEMO_PASSWORD = "admin", "unleash4all"


class Command(BaseCommand):
    help = "Create the demo superuser and a backend and frontend token for development."

    def handle(self, *args, **opts):
        path = settings.DATA_DIR / "demo-credentials.json"
        saved = json.loads(path.read_text()) if path.exists() else {}
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USER).exists():
            User.objects.create_superuser(DEMO_USER, "admin@example.com", DEMO_PASSWORD)
        try:
            for kind in (TokenType.BACKEND, TokenType.FRONTEND):
                if kind not in saved or not self._exists(saved[kind]):
                    saved[kind] = self._create(kind)
        except MaintenanceActive as exc:
            self.stderr.write(f"Demo tokens not created: {exc.message}")
        path.write_text(json.dumps(saved, indent=2))
        os.chmod(path, 0o600)
        self._print(saved)

    def _exists(self, secret: str) -> bool:
        from flags.tokens import hash_secret

        return ApiToken.objects.filter(secret_hash=hash_secret(secret)).exists()

    def _create(self, kind: str) -> str:
        _, secret = token_create(
            name=f"demo-{kind}",
            type=kind,
            environment=Environment.objects.get(pk="development"),
            projects=["*"],
            actor=Actor.command("demo_setup"),
        )
        return secret

    def _print(self, saved: dict):
        host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
        base = f"http://{host}:{port}"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"  Admin:  {base}/admin/  (user {DEMO_USER}, password {DEMO_PASSWORD})",
                    f"  Backend token:   {saved.get('backend', '-')}",
                    f"  Frontend token:  {saved.get('frontend', '-')}",
                    f"  SDK URL:         {base}/api",
                    "",
                ]
            )
        )
