"""The admin login form: refuses a username+IP over the failed-login limit with a clear message."""

import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts import login_history, login_limits
from core.ratelimit import client_ip


class LimitedLoginForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else ""
        wait = login_limits.locked_for(username, ip)
        if wait is not None:
            # No authentication is attempted, so no failure signal: record the refusal here.
            login_history.record(
                self.request, username=username, success=False, reason="locked out"
            )
            minutes = math.ceil(wait / 60)
            raise ValidationError(
                f"Too many failed logins for this account from your address. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                code="locked_out",
            )
        return super().clean()
