"""The system check that every maintenance exemption names a real URL pattern."""

from django.core import checks

from maintenance import checks as maintenance_checks
from maintenance import exempt


def test_check_exempt_names__real_lists__no_errors():
    assert maintenance_checks.check_exempt_names() == []


def test_check_exempt_names__name_of_no_route__error_e001_naming_it():
    names = {"client-features", "admin:login", "no-such-route", "auth:login"}
    errors = maintenance_checks.check_exempt_names(exempt_names=names)
    assert [(e.id, e.level, e.obj) for e in errors] == [
        ("unleash.E001", checks.ERROR, "auth:login"),
        ("unleash.E001", checks.ERROR, "no-such-route"),
    ]


def test_url_names__real_url_conf__namespaced_names_included():
    names = maintenance_checks.url_names()
    assert {"admin:login", "maintenance:maintenance", "client-features"} <= names
    assert names >= exempt.EXEMPT_API_VIEWS | exempt.EXEMPT_ADMIN_VIEWS


def test_check_exempt_names__registered__run_by_manage_py_check():
    assert maintenance_checks.check_exempt_names in checks.registry.registry.get_checks()
    found = checks.run_checks(include_deployment_checks=False)
    assert [e for e in found if e.id == "unleash.E001"] == []
