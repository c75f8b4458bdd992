"""Pages ask the database for rows, never about its schema: one migration history creates
every table, so a page has no reason to check whether a domain's table exists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from api.auth.roles import Role
from tests.fixtures.harness import Harness

SCHEMA_PROBES = ("pragma", "sqlite_master", "sqlite_schema", "pg_catalog", "information_schema")


@contextmanager
def statements(h: Harness) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(h.state.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(h.state.engine, "before_cursor_execute", record)


def test_pages_do_not_inspect_the_schema(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer = h.user(Role.CUSTOMER)
    claim = h.create_claim(h.headers(customer))
    assert h.upload_photo(h.headers(customer), claim["id"]).status_code == 201
    pages = {
        Role.CUSTOMER: ["/web/claims", f"/web/claims/{claim['id']}"],
        Role.SENIOR_ADJUSTER: ["/web/queue", f"/web/claims/{claim['id']}"],
        Role.SUPERVISOR: ["/web/supervisor", "/web/complaints"],
    }
    for role, paths in pages.items():
        sign_in(customer if role is Role.CUSTOMER else h.user(role))
        for path in paths:
            with statements(h) as seen:
                response = h.client.get(path)
            assert response.status_code == 200, (role, path, response.text)
            assert seen, "the page read nothing?"
            probes = [s for s in seen if any(p in s.lower() for p in SCHEMA_PROBES)]
            assert probes == [], (role, path, probes)
