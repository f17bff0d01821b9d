"""The page an invite link opens (`/new-user?invite=<secret>`): a sign-up form, then sign in.

It calls the same service as `POST /invite/{token}/signup`; a link that is unknown, disabled or
expired shows why instead of the form.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from core.errors import ServiceError
from core.ratelimit import audit_ip
from invites import selectors, services
from maintenance.errors import MaintenanceActive


class SignupForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=150, required=False)
    password = forms.CharField(max_length=4096, widget=forms.PasswordInput, strip=False)
    confirm = forms.CharField(
        label="Password again", max_length=4096, widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", "The two passwords differ.")
        return data


class SignupPage(View):
    template_name = "invites/signup.html"

    def _page(self, request, form, secret, status=200):
        valid = selectors.active_link(secret) is not None
        context = {"form": form, "valid": valid, "title": "Join", "secret": secret}
        return render(request, self.template_name, context, status=status if valid else 400)

    def get(self, request):
        return self._page(request, SignupForm(), request.GET.get("invite", ""))

    def post(self, request):
        secret = request.GET.get("invite", "")
        form = SignupForm(request.POST)
        if form.is_valid():
            try:
                services.invite_signup(
                    secret=secret,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password"],
                    ip=audit_ip(request),
                )
            except MaintenanceActive as exc:
                form.add_error(None, exc.message)
            except ServiceError as exc:
                for detail in exc.details or [{"message": exc.message}]:
                    field = detail.get("path") if detail.get("path") in form.fields else None
                    form.add_error(field, detail["message"])
            else:
                messages.success(request, "Your account is ready: sign in with your email.")
                return redirect(reverse("admin:login"))
        return self._page(request, form, secret, status=400)
