"""The page routes through the httpx TestClient: sign-in cookie, CSRF, visibility, language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from api.auth.roles import Role
from tests.fixtures import images
from tests.fixtures.harness import PASSWORD, Harness

CSRF = "claimsight_csrf"


def _report(h: Harness, **overrides: str) -> str:
    """Report a claim through the form; the claim page's path."""
    data = {
        "csrf_token": h.client.cookies[CSRF],
        "policy_number": "PDAA202611000001",
        "policy_start": "2026-01-01",
        "accident_at": "2026-11-20T09:30",
        "description": "后保险杠刮擦",
        "estimated_amount": "800",
        **overrides,
    }
    response = h.client.post("/web/claims/new", data=data)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _claims(h: Harness) -> int:
    from sqlalchemy import func, select

    from api.db.models import Claim

    with h.session() as session:
        return int(session.scalar(select(func.count()).select_from(Claim)) or 0)


def test_pages_redirect_to_sign_in_and_back(web_harness: Harness) -> None:
    response = web_harness.client.get("/web/claims?lang=en")
    assert response.status_code == 303
    assert response.headers["location"] == "/web/login?next=%2Fweb%2Fclaims%3Flang%3Den"


def test_sign_in_sets_an_httponly_lax_cookie_with_the_apis_token(web_harness: Harness) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    h.client.get("/web/login")
    response = h.client.post(
        "/web/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": h.client.cookies[CSRF], "next": "//evil.test/x"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/web"  # no open redirect
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("claimsight_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    # The same JWT the API issues: it works as a bearer token.
    me = h.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == user.email
    assert h.client.get("/web").headers["location"] == "/web/claims"


def test_a_wrong_password_shows_the_form_again(web_harness: Harness) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    h.client.get("/web/login")
    response = h.client.post(
        "/web/login", data={"email": user.email, "password": "wrong-password", "csrf_token": h.client.cookies[CSRF]}
    )
    assert response.status_code == 401
    assert "邮箱或密码不正确" in response.text
    assert "claimsight_session" not in response.cookies


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_form_posts_without_the_csrf_token_are_refused_and_change_nothing(
    web_harness: Harness, sign_in: Callable[..., Any], token: str | None
) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    before = _claims(h)
    data = {"policy_number": "P1", "policy_start": "2026-01-01", "accident_at": "2026-11-20T09:30"}
    if token:
        data["csrf_token"] = token
    response = h.client.post("/web/claims/new", data=data)
    assert response.status_code == 403
    assert "表单已过期" in response.text
    assert _claims(h) == before


def test_sign_in_itself_needs_the_csrf_token(web_harness: Harness) -> None:
    user = web_harness.user(Role.CUSTOMER)
    response = web_harness.client.post("/web/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "claimsight_session" not in response.cookies


def test_a_customer_cannot_open_another_customers_claim(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    owner, other = h.user(Role.CUSTOMER), h.user(Role.CUSTOMER)
    sign_in(owner)
    claim_path = _report(h)
    upload = h.client.post(
        f"{claim_path}/photos",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("car.jpg", images.jpeg(seed=7), "image/jpeg")},
    )
    assert upload.status_code == 303
    page = h.client.get(upload.headers["location"])
    assert page.status_code == 200
    assert 'data-testid="capture-feedback"' in page.text  # the capture check, shown at once
    photo_path = page.text.split('<img src="')[1].split('"')[0]

    sign_in(other)
    for path in (claim_path, photo_path, "/web/claims/00000000-0000-0000-0000-000000000000"):
        response = h.client.get(path)
        assert response.status_code == 404, path
        assert "页面不存在，或您无权查看" in response.text
    response = h.client.post(
        f"{claim_path}/photos",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("car.jpg", images.jpeg(seed=8), "image/jpeg")},
    )
    assert response.status_code == 404


def test_a_page_that_does_not_exist_is_a_page_a_person_can_read(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    user = h.user(Role.SENIOR_ADJUSTER)
    anonymous = h.client.get("/web/staff/claims/nothing")
    assert anonymous.status_code == 404 and anonymous.headers["content-type"].startswith("text/html")
    assert "页面不存在，或您无权查看" in anonymous.text

    sign_in(user)
    response = h.client.get("/web/no-such-page?lang=en")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "This page does not exist" in response.text and "/web/logout" in response.text  # the user's menu
    api = h.client.get("/no-such-endpoint")  # the API keeps its problem+json
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


def test_pages_are_chinese_first_with_an_english_toggle(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    chinese = h.client.get("/web/claims")
    assert "我的理赔" in chinese.text and 'lang="zh-CN"' in chinese.text
    english = h.client.get("/web/claims?lang=en")
    assert "My claims" in english.text and 'lang="en"' in english.text
    assert h.client.cookies.get("claimsight_lang") == "en"
    assert "My claims" in h.client.get("/web/claims").text  # the choice is remembered
    assert "我的理赔" in h.client.get("/web/claims?lang=zh").text


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.CUSTOMER, "/web/queue"),
        (Role.CUSTOMER, "/web/complaints"),
        (Role.JUNIOR_ADJUSTER, "/web/supervisor"),
        (Role.COMPLAINT_HANDLER, "/web/claims/new"),
    ],
)
def test_pages_of_other_roles_are_forbidden(
    web_harness: Harness, sign_in: Callable[..., Any], role: Role, path: str
) -> None:
    sign_in(web_harness.user(role))
    response = web_harness.client.get(path)
    assert response.status_code == 403
    assert "您的角色无权执行此操作" in response.text


def test_the_queue_puts_overdue_claims_first(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    from datetime import timedelta

    from api.db.base import utcnow
    from api.db.models import Claim

    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    late, soon = _report(h, policy_number="P-LATE"), _report(h, policy_number="P-SOON")
    with h.session() as session:
        claim = session.get(Claim, __import__("uuid").UUID(late.rsplit("/", 1)[1]))
        assert claim is not None
        claim.assessment_due_at = utcnow() - timedelta(hours=1)
    assert soon
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    page = h.client.get("/web/queue").text
    assert page.index("P-LATE") < page.index("P-SOON")
    assert "已超时" in page


def test_a_document_is_pre_filled_at_once_and_the_customer_corrects_and_confirms(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    from sqlalchemy import select

    from api.db.models.ocr import DocumentReading, FieldCorrection
    from tests.inference.ocr.fakes import FakeOcrEngine
    from tests.inference.ocr.test_extract import ID_FRONT_MERGED

    h = web_harness
    h.state.ocr = FakeOcrEngine(ID_FRONT_MERGED)
    sign_in(h.user(Role.CUSTOMER))
    claim_path = _report(h)
    uploaded = h.client.post(
        f"{claim_path}/documents",
        data={"csrf_token": h.client.cookies[CSRF], "kind": "id_card"},
        files={"file": ("id.png", images.png(size=(1000, 700)), "image/png")},
    )
    assert uploaded.status_code == 303, uploaded.text
    h.wait_for_jobs()  # the upload queued the reading; the page shows it once done
    page = h.client.get(claim_path).text
    assert 'data-testid="prefilled"' in page and "310115198503071230" in page
    action = page.split('data-testid="prefilled"')[0].rsplit('action="', 1)[1].split('"')[0]

    response = h.client.post(
        action,
        data={"csrf_token": h.client.cookies[CSRF], "field.id_number": "310115198503071230", "field.name": "李雷"},
    )
    assert response.status_code == 303, response.text
    with h.session() as session:
        reading = session.scalars(select(DocumentReading)).one()
        corrections = session.scalars(select(FieldCorrection)).all()
        assert reading.confirmed_at is not None
        assert [(c.field, c.value) for c in corrections] == [("name", "李雷")]  # only what changed
    assert "已确认" in h.client.get(claim_path).text


def test_a_decision_above_the_handlers_authority_waits_for_the_supervisor(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    claim_path = _report(h)
    disputed = h.client.post(
        f"{claim_path}/dispute",
        data={"csrf_token": h.client.cookies[CSRF], "text": "定损金额太低", "total": "3000"},
    )
    assert disputed.status_code == 303, disputed.text

    sign_in(h.user(Role.COMPLAINT_HANDLER))
    queue = h.client.get("/web/complaints").text
    complaint_path = "/web/complaints/" + queue.split('href="/web/complaints/')[1].split('"')[0]
    page = h.client.get(complaint_path).text
    assert "期望金额" in page and "反馈时限" in page  # the figure and the clocks
    decided = h.client.post(
        f"{complaint_path}/decision",
        data={
            "csrf_token": h.client.cookies[CSRF],
            "verdict": "partly_justified",
            "remedies": ["negotiated_compensation"],
            "compensation": "800",  # above the handler's 500
            "reason": "协商补偿",
        },
    )
    assert decided.status_code == 303, decided.text
    assert "待主管审批" in h.client.get(complaint_path).text

    sign_in(h.user(Role.SUPERVISOR))
    assert complaint_path in h.client.get("/web/supervisor").text
    reviewed = h.client.post(
        f"{complaint_path}/review", data={"csrf_token": h.client.cookies[CSRF], "approve": "true", "reason": "同意"}
    )
    assert reviewed.status_code == 303, reviewed.text
    assert "待客户确认" in h.client.get(complaint_path).text
    escalated = h.client.post(
        f"{complaint_path}/escalate", data={"csrf_token": h.client.cookies[CSRF], "reason": "客户要求上级处理"}
    )
    assert escalated.status_code == 303, escalated.text
    assert "高级理赔组" in h.client.get(complaint_path).text
    weekly = h.client.get("/web/reports/weekly")
    assert weekly.status_code == 200 and 'data-testid="bars"' in weekly.text


def test_the_customer_deletes_a_photo_on_the_claim_page(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    claim_path = _report(h)
    upload = h.client.post(
        f"{claim_path}/photos",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("car.jpg", images.jpeg(seed=9), "image/jpeg")},
    )
    page = h.client.get(upload.headers["location"])
    assert 'data-testid="delete-photo"' in page.text
    action = page.text.split('data-testid="delete-photo" action="')[1].split('"')[0]

    refused = h.client.post(action, data={})
    assert refused.status_code in (400, 403) and 'data-testid="photo"' in h.client.get(claim_path).text
    deleted = h.client.post(action, data={"csrf_token": h.client.cookies[CSRF]})

    assert deleted.status_code == 303
    after = h.client.get(claim_path).text
    assert 'data-testid="photo"' not in after and h.stored_files() == []


def test_page_routes_refuse_huge_estimate_versions_without_a_500(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    huge = "9223372036854775808"
    claim = "00000000-0000-0000-0000-000000000000"
    assert h.client.get(f"/web/claims/{claim}/estimates/{huge}/report").status_code == 422
    token = {"csrf_token": h.client.cookies[CSRF]}
    refused = h.client.post(f"/web/claims/{claim}/estimates/{huge}/approve", data=token)
    assert refused.status_code == 422
