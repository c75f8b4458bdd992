"""The customer profile over the API: the stored flag set and cleared by the rules with a frozen
clock (on filing, and by the scheduler's daily pass), high-risk customers first in the adjuster's
and the desk's queues, and manual service tags with who and when."""

from __future__ import annotations

from datetime import timedelta

from api.auth.roles import Role
from api.scheduler import run_once
from tests.api.customers.helpers import T0, complaint_at, risk_at, stored
from tests.fixtures.harness import Harness

DAY = timedelta(days=1)


def test_the_flag_follows_the_90_day_complaint_window(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    claim = h.create_claim(headers)["id"]
    complaint_at(h, headers, claim, T0)
    filed = stored(h, customer.id)
    assert filed is not None and filed.high_risk is False  # computed when the first complaint was filed
    assert risk_at(h, customer.id, T0) == (False, [])
    complaint_at(h, headers, claim, T0 + 90 * DAY)
    assert risk_at(h, customer.id, T0 + 90 * DAY) == (True, ["repeated_complaints"])  # the 2nd inside 90 days
    row = stored(h, customer.id)
    assert (
        row is not None and row.flagged_at == T0 + 90 * DAY and row.rule_tags == ["repeated_complaints", "first_claim"]
    )
    assert risk_at(h, customer.id, T0 + 91 * DAY) == (False, [])  # 91 days: the first has left the window
    assert stored(h, customer.id).flagged_at is None  # type: ignore[union-attr]


def test_the_second_complaint_filed_sets_the_flag_and_the_daily_pass_clears_it(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    claim = h.create_claim(headers)["id"]
    desk = h.login(Role.COMPLAINT_HANDLER)[1]
    for _ in range(2):  # filed now, through the API: the filing recomputes
        assert h.client.post(
            f"/claims/{claim}/complaints", json={"channel": "app", "text": "太慢"}, headers=desk
        ).is_success
    profile = h.client.get(f"/customers/{customer.id}/profile", headers=desk).json()
    assert profile["risk"]["high_risk"] is True
    assert profile["risk"]["reasons"] == [{"code": "repeated_complaints", "count": 2, "days": 90}]
    assert len(profile["complaints"]) == 2 and profile["claims"][0]["claim_id"] == claim
    row = stored(h, customer.id)
    assert row is not None
    later = row.computed_at + 91 * DAY
    assert run_once(h.state, now=later).customers_recomputed >= 1
    assert stored(h, customer.id).high_risk is False  # type: ignore[union-attr]
    assert run_once(h.state, now=later + timedelta(hours=1)).customers_recomputed == 0  # daily, not every tick


def test_high_risk_customers_come_first_in_both_queues(harness: Harness) -> None:
    h = harness
    calm, calm_headers = h.login(Role.CUSTOMER)
    risky, risky_headers = h.login(Role.CUSTOMER)
    first = h.create_claim(calm_headers, estimated_amount={"amount": "900.00", "currency": "CNY"})["id"]
    second = h.create_claim(risky_headers)["id"]  # reported later: its deadline is later
    adjuster = h.login(Role.SENIOR_ADJUSTER)[1]
    ids = [i["claim_id"] for i in h.client.get("/queue", headers=adjuster).json()["items"]]
    assert ids == [first, second]  # nearest deadline first while nobody is flagged
    calm_complaint = complaint_at(h, calm_headers, first, T0)
    risky_complaints = [complaint_at(h, risky_headers, second, T0 + d * DAY) for d in (1, 2)]
    assert risk_at(h, risky.id, T0 + 3 * DAY) == (True, ["repeated_complaints"])
    assert risk_at(h, calm.id, T0 + 3 * DAY) == (False, [])
    for sort in ("due", "-amount", "reported"):
        items = h.client.get(f"/queue?sort={sort}", headers=adjuster).json()["items"]
        assert [i["claim_id"] for i in items] == [second, first], sort
        assert [i["high_risk"] for i in items] == [True, False]
        assert items[0]["customer_id"] == str(risky.id) and items[0]["rule_tags"] == [
            "repeated_complaints",
            "first_claim",
        ]
    assert [i["claim_id"] for i in h.client.get("/queue?high_risk=true", headers=adjuster).json()["items"]] == [second]
    desk = h.login(Role.COMPLAINT_HANDLER)[1]
    queue = [c["id"] for c in h.client.get("/complaints", headers=desk).json()["items"]]
    assert set(queue[:2]) == set(risky_complaints) and queue[2] == calm_complaint


def test_manual_tags_with_who_and_when(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    h.create_claim(headers)
    handler, desk = h.login(Role.COMPLAINT_HANDLER)
    supervisor = h.login(Role.SUPERVISOR)[1]
    url = f"/customers/{customer.id}/tags"
    added = h.client.post(url, json={"label": " 需电话 回访 "}, headers=desk)
    assert added.status_code == 201, added.text
    tag = added.json()
    assert tag["label"] == "需电话 回访" and tag["added_by_id"] == str(handler.id) and tag["removed_at"] is None
    again = h.client.post(url, json={"label": "需电话 回访"}, headers=supervisor)
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    for bad in ("   ", "字" * 21, ""):
        refused = h.client.post(url, json={"label": bad}, headers=desk)
        assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    queue = h.client.get("/queue", headers=h.login(Role.SENIOR_ADJUSTER)[1]).json()["items"]
    assert queue[0]["tags"] == ["需电话 回访"]
    removed = h.client.delete(f"{url}/{tag['id']}", headers=supervisor)
    assert removed.status_code == 200 and removed.json()["removed_at"] is not None
    assert h.client.delete(f"{url}/{tag['id']}", headers=supervisor).status_code == 409
    profile = h.client.get(f"/customers/{customer.id}/profile", headers=desk).json()
    assert [t["removed_by_id"] is not None for t in profile["tags"]] == [True]  # removed, still on record
    assert h.client.post(url, json={"label": "需电话 回访"}, headers=desk).status_code == 201  # may come back
    assert h.client.post(url, json={"label": "x"}, headers=headers).status_code == 403  # the customer
    assert h.client.get(f"/customers/{customer.id}/profile", headers=headers).status_code == 403
    assert h.client.get(f"/customers/{handler.id}/profile", headers=desk).status_code == 404  # staff, not a customer


def test_a_low_survey_score_tags_the_customer_at_once(harness: Harness) -> None:
    import uuid

    from api.db.base import utcnow
    from api.surveys.models import Revisit
    from api.surveys.states import Stage

    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    claim = h.create_claim(headers)["id"]
    with h.session() as session:
        revisit = Revisit(claim_id=uuid.UUID(claim), customer_id=customer.id, stage=Stage.SUBMITTED,
                          due_at=utcnow(), sent_at=utcnow())  # fmt: skip
        session.add(revisit)
        session.flush()
        survey_id = revisit.id
    scores = {"convenience": 4, "communication": 2, "amount_fairness": 4, "overall": 3}
    assert h.client.post(f"/surveys/{survey_id}/answers", json=scores, headers=headers).status_code == 201
    profile = h.client.get(f"/customers/{customer.id}/profile", headers=h.login(Role.SUPERVISOR)[1]).json()
    assert profile["risk"]["rule_tags"] == ["first_claim", "low_satisfaction"] and profile["risk"]["high_risk"] is False
    assert [s["communication"] for s in profile["surveys"]] == [2]
