"""Every page, as one router for ``api.app.ROUTERS``. Page routes are left out of the
OpenAPI document (and so of the API's authorization matrix): they are HTML for people."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import SessionDep, StateDep
from api.errors import NotFound
from api.web import pages_accuracy as pages_accuracy
from api.web import pages_auth, pages_customer, pages_desk, pages_documents, pages_estimates, pages_staff
from api.web import pages_capture as pages_capture
from api.web import pages_consent as pages_consent
from api.web import pages_customers as pages_customers
from api.web import pages_desk_contact as pages_desk_contact
from api.web import pages_provisional as pages_provisional
from api.web import pages_quality as pages_quality
from api.web import pages_queue as pages_queue
from api.web import pages_selfservice as pages_selfservice
from api.web import pages_signing as pages_signing
from api.web import pages_surveys as pages_surveys
from api.web.pages_notifications import router as notifications_pages
from api.web.render import PageRoute
from api.web.session import user_from_cookie

router = APIRouter(include_in_schema=False)
router.include_router(pages_auth.router)
router.include_router(pages_customer.router)
router.include_router(pages_consent.router)
router.include_router(pages_signing.router)
router.include_router(pages_capture.router)
router.include_router(pages_provisional.router)
router.include_router(pages_selfservice.router)
router.include_router(pages_staff.router)
router.include_router(pages_queue.router)
router.include_router(pages_customers.router)
router.include_router(pages_accuracy.router)
router.include_router(pages_desk.router)
router.include_router(pages_desk_contact.router)
router.include_router(pages_quality.router)
router.include_router(pages_estimates.router)
router.include_router(pages_documents.router)
router.include_router(notifications_pages)
router.include_router(pages_surveys.router)

# Last: a path under /web that no page answers is the 404 page a person can read (with the signed-in
# user's menu), not the API's problem+json.
missing = APIRouter(route_class=PageRoute, include_in_schema=False)


@missing.get("/web/{rest:path}")
def no_such_page(rest: str, request: Request, session: SessionDep, state: StateDep) -> Response:
    request.state.page_user = user_from_cookie(session, state, request)
    raise NotFound(f"no page at /web/{rest}")


router.include_router(missing)
