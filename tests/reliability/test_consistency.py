"""The crash trials' checker finds what it is meant to find (a checker that finds nothing proves nothing)."""

from __future__ import annotations

from sqlalchemy import update

from api.auth.roles import Role
from api.db.models import Claim
from api.workflow.states import ClaimState
from tests.fixtures.harness import Harness
from tests.reliability.consistency import inconsistencies


def _check(harness: Harness) -> list[str]:
    return inconsistencies(harness.state.settings.resolved_database_url, harness.state.settings.storage_root)


def test_a_normal_claim_is_consistent_and_each_broken_invariant_is_named(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim_id = harness.create_claim(customer)["id"]
    photo = harness.upload_photo(customer, claim_id)
    assert photo.status_code == 201, photo.text
    assert _check(harness) == []

    (photo_file,) = harness.stored_files()
    harness.state.blobs.remove(photo_file)  # the row stays, its file is gone
    harness.state.blobs.put(b"a file no row uses")
    with harness.session() as session:
        session.execute(update(Claim).values(state=ClaimState.ASSESSING))

    found = "\n".join(_check(harness))
    assert "missing" in found
    assert "no row uses it" in found
    assert "audit trail ends at 'submitted'" in found
    assert "left 'assessing'" in found
