"""Schemathesis over the whole OpenAPI document, for every role, a second customer and anonymously, in CI.

A live server (uvicorn in a thread, ``tests.fixtures.live_server``) on a temporary SQLite database with the fake model
runtimes; users made through the auth service, real tokens, path parameters drawn from real ids.
Bounded: ``CLAIMSIGHT_FUZZ_EXAMPLES`` cases per operation per role (default 12), derandomized so a
CI failure reproduces; ``scripts/reliability.py`` runs a larger, seeded campaign.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis

from tests.fixtures.harness import make_settings
from tests.fixtures.live_server import live_harness
from tests.reliability.faults import create_app
from tests.reliability.fuzz import RoleResult, fuzz_role, load_schema, operations
from tests.reliability.world import ROLES, World, seed_world

EXAMPLES = int(os.environ.get("CLAIMSIGHT_FUZZ_EXAMPLES", "12"))
BUDGET_SECONDS = 180.0  # per role, a backstop: the examples bound the run
# Schemathesis' deterministic coverage cases (boundaries, wrong types, unexpected methods: ~2,500
# per role) for the staff role that reaches most operations; scripts/reliability.py does more roles.
COVERAGE_ROLES = ("senior_adjuster",)


@dataclass
class Target:
    url: str
    world: World
    schema: schemathesis.BaseSchema


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    settings = make_settings(
        f"sqlite:///{data_dir / 'claimsight.db'}",
        data_dir,
        log_level="WARNING",
        detector={"enabled": False},
        parts={"enabled": False},
        ocr={"enabled": False},
    )
    app = create_app(settings)
    with live_harness(app) as live:
        world = seed_world(live.h.client, live.state.session_factory)
        yield Target(live.base_url, world, load_schema(app.openapi()))


def describe(result: RoleResult) -> str:
    lines = [f"{len(result.failures)} distinct failures in {result.cases} cases as {result.role}:"]
    for key, failure in sorted(result.failures.items(), key=lambda item: str(item[0])):
        lines.append(f"- {failure.operation} [{failure.check}, status {failure.status}] x{result.occurrences[key]}")
        lines.append(f"  {failure.message.splitlines()[0] if failure.message else ''}")
        lines.append(f"  {failure.reproducer}")
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_within_its_schema(target: Target, role: str) -> None:
    result = fuzz_role(
        target.schema,
        base_url=target.url,
        world=target.world,
        role=role,
        examples=EXAMPLES,
        budget_seconds=BUDGET_SECONDS,
        coverage=role in COVERAGE_ROLES,
    )
    assert result.operations == len(operations(target.schema))
    assert result.cases >= result.operations * min(EXAMPLES, 3), "too few cases: the run did not go through"
    assert not result.failures, describe(result)
    if role != "anonymous":  # real tokens and ids: some calls get through
        assert sum(n for status, n in result.statuses.items() if status < 300) > 0, result.statuses
