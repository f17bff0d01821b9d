"""Issue 10 item 7: the flag-lifecycle calls answer as Unleash 8.2 does.

Runs tests/support/lifecycle_scenario.py against our admin API and compares each answer
with Unleash's, recorded in tests/fixtures/unleash_8_2/lifecycle/ (by
bench/unleash_lifecycle_parity.py --record): same status, Unleash's keys present, same values
where the step names them.
"""

import pytest
from django.test import Client

from tests.support import lifecycle_scenario as scenario
from tests.support.admin_api import Api, make_token

PREFIX = "lcx-"


@pytest.fixture
def api(db, development, production) -> Api:
    return Api(Client(), make_token("admin"))


def _answer(api: Api, step: scenario.Step) -> tuple[int, object]:
    body = scenario.fill(step.body, PREFIX)
    response = api.call(step.method, scenario.fill(step.path, PREFIX), body)
    return response.status_code, (response.json() if response.content else None)


def test_lifecycle_scenario__same_calls_as_unleash__same_status_keys_and_values(api):
    differences = []
    for step in scenario.SCENARIO:
        status, body = _answer(api, step)
        differences += scenario.differences(step, scenario.record(step, status, body, PREFIX))
    assert not differences, "\n".join(differences)


def test_lifecycle_fixtures__every_step_recorded__one_file_each():
    recorded = {path.stem for path in scenario.FIXTURES.glob("*.json")}
    assert {step.name for step in scenario.SCENARIO} <= recorded
