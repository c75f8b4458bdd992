"""Schemathesis over the whole OpenAPI document, one role at a time, against a live server.

Every operation gets ``examples`` generated cases (positive and negative data), with its path
parameters drawn from the seeded world's real ids (plus freely generated ones), sent with the
role's token. Each response is checked: no 5xx, status code documented, content type
documented, body valid against the documented schema. Failures are collected (not raised), one
per (operation, role, check, status), with the shortest reproducer seen. As ``other_customer``
(a second customer) a 2xx on any seeded id — all the first customer's — is a cross-customer leak.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures import images
from tests.reliability.world import OTHER_CUSTOMER, World

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_COMBINATIONS = 6  # seeded path-parameter combinations per operation
MAX_REPRODUCER_CHARS = 800


@dataclass(frozen=True)
class Failure:
    operation: str
    role: str
    check: str
    status: int | None
    message: str
    reproducer: str

    @property
    def key(self) -> tuple[str, str, str, int | None]:
        return (self.operation, self.role, self.check, self.status)


@dataclass
class RoleResult:
    role: str
    cases: int = 0
    operations: int = 0
    seconds: float = 0.0
    failures: dict[tuple[str, str, str, int | None], Failure] = field(default_factory=dict)
    occurrences: dict[tuple[str, str, str, int | None], int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, failure: Failure) -> None:
        self.occurrences[failure.key] = self.occurrences.get(failure.key, 0) + 1
        kept = self.failures.get(failure.key)
        if kept is None or len(failure.reproducer) < len(kept.reproducer):
            self.failures[failure.key] = failure


def load_schema(openapi: dict[str, Any]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_dict(openapi)


def operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    """Every operation of the document; one the loader cannot read is an error here. Those that
    end the caller's session (logout) come last, so the role's token serves all the others."""
    found = []
    for item in schema.get_all_operations():
        if isinstance(item, Err):
            raise item.err()
        found.append(item.ok())
    return sorted(found, key=lambda operation: operation.path.endswith("/logout"))


def _path_combinations(names: list[str], world: World) -> list[dict[str, Any]]:
    values = world.path_values()
    if not names or any(name not in values for name in names):
        return []
    combos = list(itertools.product(*(values[name] for name in names)))
    step = max(1, len(combos) // MAX_COMBINATIONS)
    return [dict(zip(names, combo, strict=True)) for combo in combos[::step][:MAX_COMBINATIONS]]


@functools.cache
def _edge_files() -> tuple[bytes, ...]:
    """Files that have broken services before: tiny, thin, truncated, a decompression bomb."""
    return (
        images.png(4, size=(1, 1)),
        images.jpeg(5, size=(30000, 1)),
        images.truncated_jpeg(6),
        images.png_bomb(),
        images.webp(7, size=(640, 480)),
    )


def _bodies(operation: schemathesis.APIOperation) -> list[dict[str, Any]]:
    """Real files for the upload operations, so some uploads get past the type checks."""
    path, method = operation.path, operation.method.upper()
    if path.endswith("/photos") and method == "POST":
        good = [images.jpeg(7, size=(640, 480)), images.png(8, size=(480, 360))]
        return [{"file": data} for data in (*good, *_edge_files())]
    if path.endswith("/documents") and method == "POST":
        files = [images.minimal_pdf(), images.png(9, size=(1000, 700)), *_edge_files()]
        return [{"file": data, "kind": "repair_quote"} for data in files]
    return []


def operation_strategy(operation: schemathesis.APIOperation, world: World) -> st.SearchStrategy[Any]:
    names = [p.name for p in operation.path_parameters]
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))  # everything generated
        for combo in _path_combinations(names, world):
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=combo))
    for body in _bodies(operation):
        for combo in _path_combinations(names, world)[:1]:
            strategies.append(operation.as_strategy(path_parameters=combo, body=body, media_type="multipart/form-data"))
    return st.one_of(strategies)


def coverage_cases(schema: schemathesis.BaseSchema, operation: schemathesis.APIOperation) -> list[schemathesis.Case]:
    config = schema.config.generation_for(operation=operation, phase="coverage")
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return list(schema.iter_coverage_cases(operation, generation_modes=modes, generation_config=config))


def _reproducer(case: schemathesis.Case, headers: dict[str, str], role: str, base_url: str) -> str:
    token = headers.get("Authorization")
    try:
        curl = case.as_curl_command(headers=headers, base_url=base_url)
    except Exception as exc:  # a reproducer must never hide the failure itself
        curl = f"{case.method} {case.formatted_path} ({type(exc).__name__})"
    if token:  # schemathesis masks the header; name whose token it was instead
        curl = curl.replace(token, f"Bearer $TOKEN_{role.upper()}")
        curl = curl.replace("Authorization: [Filtered]", f"Authorization: Bearer $TOKEN_{role.upper()}")
    curl = curl.replace(base_url, "$BASE")
    if len(curl) > MAX_REPRODUCER_CHARS:
        curl = curl[:MAX_REPRODUCER_CHARS] + "…"
    return curl


class _OutOfTime(Exception):
    pass


@dataclass
class _Runner:
    """Sends one case as one role and records what the checks say."""

    result: RoleResult
    base_url: str
    headers: dict[str, str]
    session: requests.Session
    deadline: float
    foreign_ids: set[str]  # ids this role must never reach (another customer's)

    def for_operation(self, label: str) -> Callable[[schemathesis.Case], None]:
        def run(case: schemathesis.Case) -> None:
            self.send(case, label)

        return run

    def send(self, case: schemathesis.Case, label: str) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        result, role = self.result, self.result.role
        result.cases += 1
        try:
            response = case.call(base_url=self.base_url, session=self.session, headers=self.headers, timeout=60)
        except requests.RequestException as exc:
            result.add(Failure(label, role, "transport error", None, repr(exc)[:300], self.reproducer(case)))
            return
        result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
        if self.foreign_ids and response.status_code < 300:
            used = {str(v) for v in (case.path_parameters or {}).values()} & self.foreign_ids
            if used:
                message = f"answered {response.status_code} on another customer's {sorted(used)}"
                result.add(
                    Failure(label, role, "cross-customer access", response.status_code, message, self.reproducer(case))
                )
        try:
            case.validate_response(response, checks=CHECKS, headers=self.headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                message = (failure.message.strip() or response.text.strip())[:400]
                result.add(Failure(label, role, failure.title, response.status_code, message, self.reproducer(case)))

    def reproducer(self, case: schemathesis.Case) -> str:
        return _reproducer(case, self.headers, self.result.role, self.base_url)


def fuzz_role(
    schema: schemathesis.BaseSchema,
    *,
    base_url: str,
    world: World,
    role: str,
    examples: int,
    seed: int | None = None,
    budget_seconds: float = 600.0,
    progress: Callable[[str], None] | None = None,
    coverage: bool = False,
) -> RoleResult:
    """Run every operation of ``schema`` as ``role``; never raises on a failed check. With
    ``coverage``, schemathesis' deterministic coverage cases (boundary and missing values, wrong
    types, unexpected methods) are sent first, then the generated ones."""
    result = RoleResult(role)
    started = time.monotonic()
    foreign = world.owned_ids() if role == OTHER_CUSTOMER else set()
    runner = _Runner(result, base_url, world.headers[role], requests.Session(), started + budget_seconds, foreign)
    settings = hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=seed is None,
    )
    for operation in operations(schema):
        label = f"{operation.method.upper()} {operation.path}"
        result.operations += 1
        if coverage:
            try:
                for case in coverage_cases(schema, operation):
                    runner.send(case, label)
            except _OutOfTime:
                break
        test = settings(hypothesis.given(operation_strategy(operation, world))(runner.for_operation(label)))
        if seed is not None:
            test = hypothesis.seed(seed)(test)
        try:
            test()
        except _OutOfTime:
            break
        except Exception as exc:  # e.g. a strategy that cannot generate: reported, not fatal
            result.add(Failure(label, role, f"harness: {type(exc).__name__}", None, str(exc)[:400], label))
        if progress is not None:
            progress(f"{role} {label}: {result.cases} cases")
    result.seconds = time.monotonic() - started
    runner.session.close()
    return result
