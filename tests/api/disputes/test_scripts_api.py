"""The handler's scripts over the API (issue 14 item 6), the ones the complaint page shows: 接诉 on a
new complaint, 解释 once it is analysed, 跟进 once the feedback is given."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.disputes.test_decisions_flow import _decide, _disputed
from tests.fixtures.harness import Harness


def test_the_scripts_follow_the_complaints_stage(harness: Harness) -> None:
    h = harness
    customer, _, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    url = f"/complaints/{complaint_id}/scripts"

    def stage() -> str:
        shown = h.client.get(url, headers=handler)
        assert shown.status_code == 200, shown.text
        assert shown.json()["scripts"] and all(s["text_zh"] and s["text_en"] for s in shown.json()["scripts"])
        return str(shown.json()["stage"])

    assert stage() == "intake"
    figure = {"quote_text": "前挡风玻璃 更换 1800"}
    assert h.client.post(f"/complaints/{complaint_id}/analysis", json=figure, headers=handler).status_code == 201
    assert stage() == "explanation"
    assert _decide(h, complaint_id, handler, "100.00").status_code == 201
    assert stage() == "follow_up"
    assert h.client.get(url, headers=customer).status_code == 403
