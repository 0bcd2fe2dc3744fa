"""A bounded schemathesis run against /api/openapi.json, in-process through WSGI: no server
errors and no responses that break the schema, for valid and invalid input alike; no
schema-valid request rejected as invalid (400) and no schema-invalid request accepted."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from pasientforlop.interop.tokens import create_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
EXAMPLES = 12
POSITIVE_EXPECTED = ["2xx", "304", "401", "403", "404", "409", "412", "422", "429"]


@pytest.fixture
def wsgi_app():
    """The WSGI application, with the test database connection kept open between requests
    (as Django's own test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_schema_and_never_fails(people, world, wsgi_app, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    # 400 says a request does not match the document and counts as "valid request
    # rejected"; 422 is a documented rule that schema-valid data can break (a unit that is
    # not the municipality's, a step date before the pathway's start).
    schema.config.checks.positive_data_acceptance.expected_statuses = [
        *POSITIVE_EXPECTED,
    ]
    token = create_token(
        people.leader_a,
        "schemathesis",
        [
            "pathways:read",
            "pathways:write",
            "whatmatters:read",
            "fhir:read",
            "fhir:write",
            "measures:read",
        ],
        1,
    )
    headers = {"Authorization": f"Bearer {token.plain}", "Host": "localhost"}
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses, failures, keys = [], [], []
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            if mode == GenerationMode.POSITIVE and case.method.upper() == "POST":
                # A fresh key per request: one key reused for another body is refused (422).
                keys.append(f"schemathesis-{len(keys)}")
                case.headers = {**(case.headers or {}), "Idempotency-Key": keys[-1]}
            statuses.append(case.call_and_validate(checks=CHECKS).status_code)

        try:
            run()
        except Unsatisfiable:
            # An operation without parameters or body has no invalid input to generate.
            assert mode == GenerationMode.NEGATIVE and not operation.path_parameters
        except Exception as failure:  # every operation's failures, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}"[:3000])
    assert not failures, "\n\n".join(failures)
    assert 401 not in statuses
    if mode == GenerationMode.POSITIVE:
        assert statuses.count(200) >= 10, sorted(set(statuses))
