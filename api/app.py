"""The application factory. ``create_app()`` builds nothing heavy: the lifespan builds the
typed ``AppState`` (engine, migrations, blob store, token issuer, notifier, scheduler) once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from zoneinfo import ZoneInfo

import structlog
from fastapi import APIRouter, FastAPI

from api import health
from api.accuracy import endpoints as accuracy_endpoints
from api.assessments import endpoints as assessments_endpoints
from api.assessments.runtime import load_detector, load_parts
from api.assessments.service import recover_interrupted as recover_interrupted_assessments
from api.auth import endpoints as auth_endpoints
from api.auth.security import token_issuer
from api.capture import endpoints as capture_endpoints
from api.catalogs import endpoints as catalogs_endpoints
from api.catalogs.service import seed_bundled
from api.claims import endpoints as claims_endpoints
from api.config import Settings, get_settings
from api.customers import endpoints as customers_endpoints
from api.db import migrate
from api.db.base import utcnow
from api.db.engine import make_engine, make_session_factory, unit_of_work
from api.disputes import endpoints as disputes_endpoints
from api.documents import endpoints as documents_endpoints
from api.documents.runtime import load_ocr
from api.errors import install_error_handlers, install_problem_openapi
from api.estimates import endpoints as estimates_endpoints
from api.jobs import endpoints as jobs_endpoints
from api.jobs.runners import make_runner
from api.limits import BodySizeLimitMiddleware
from api.logging import RequestContextMiddleware, configure_logging
from api.notifications import endpoints as notifications_endpoints
from api.notifications.channels import build_sender
from api.notifications.senders import NotificationSender
from api.payments import endpoints as payments_endpoints
from api.private_files import private_dir
from api.queue import endpoints as queue_endpoints
from api.scheduler import run_periodically
from api.security_headers import SecurityHeadersMiddleware
from api.selfservice import endpoints as selfservice_endpoints
from api.signing import endpoints as signing_endpoints
from api.state import AppState
from api.storage import endpoints as storage_endpoints
from api.storage.blobstore import open_blob_store
from api.storage.lifetime import reconcile as reconcile_blobs
from api.straight_through import endpoints as straight_through_endpoints
from api.surveys import endpoints as surveys_endpoints
from api.web import router as web_pages
from api.workflow import endpoints as workflow_endpoints

log = structlog.get_logger(__name__)

# Every domain's router, in one place: a new domain is one line here.
ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    auth_endpoints.router,
    claims_endpoints.router,
    storage_endpoints.router,
    capture_endpoints.router,
    selfservice_endpoints.router,
    workflow_endpoints.router,
    disputes_endpoints.router,
    documents_endpoints.router,
    assessments_endpoints.router,
    estimates_endpoints.router,
    straight_through_endpoints.router,
    signing_endpoints.router,
    payments_endpoints.router,
    surveys_endpoints.router,
    catalogs_endpoints.router,
    notifications_endpoints.router,
    queue_endpoints.router,
    customers_endpoints.router,
    accuracy_endpoints.router,
    jobs_endpoints.router,
    web_pages.router,  # the pages (HTML, not in the OpenAPI document)
)


def make_notifier(settings: Settings) -> NotificationSender:
    return build_sender(settings.notifications)


def build_state(settings: Settings) -> AppState:
    private_dir(settings.data_dir)  # 0700 when created: the database, blobs and secret live here
    engine = make_engine(settings.resolved_database_url)
    if settings.migrate_on_startup:
        migrate.upgrade(engine)
    session_factory = make_session_factory(engine)
    recover_interrupted_assessments(session_factory, before=utcnow())
    with unit_of_work(session_factory) as session:
        seed_bundled(session)  # the bundled SAMPLE price list is version 1 until another is imported
    blobs = open_blob_store(settings)
    reconcile_blobs(session_factory, blobs, grace_seconds=settings.storage.orphan_grace_seconds)
    here = settings.jobs.runner == "in-process"  # with Ray the replicas load the models (the runner's start)
    return AppState(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        blobs=blobs,
        tokens=token_issuer(settings),
        notifier=make_notifier(settings),
        tz=ZoneInfo(settings.timezone),
        ocr=load_ocr(settings.ocr) if here else None,
        detector=load_detector(settings.detector) if here else None,
        parts=load_parts(settings.parts) if here else None,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(level=settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, AppState]]:
        state = await asyncio.to_thread(build_state, settings)
        app.state.claimsight = state  # for tests and tooling; requests use api.deps
        if settings.jobs.enabled:
            state.jobs = make_runner(state)  # in-process (default) or Ray (jobs.runner)
            state.jobs.start()  # queued jobs, and those a stopped process left running, are taken up
        scheduler: asyncio.Task[None] | None = None
        if settings.scheduler.enabled:
            scheduler = asyncio.create_task(
                run_periodically(state, interval_seconds=settings.scheduler.interval_seconds)
            )
        log.info(
            "app.started",
            environment=settings.environment,
            database=state.engine.dialect.name,
            scheduler=settings.scheduler.enabled,
        )
        try:
            yield {"claimsight": state}
        finally:
            if scheduler is not None:
                scheduler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await scheduler
            if state.jobs is not None:
                await asyncio.to_thread(state.jobs.stop)  # the running jobs finish first
            state.engine.dispose()
            log.info("app.stopped")

    app = FastAPI(
        title="ClaimSight",
        summary="Damage assessment for motor-insurance claims",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_problem_openapi(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)  # outermost: every response gets its id
    app.add_middleware(SecurityHeadersMiddleware)  # CSP, no framing or sniffing, even on a 500
    for router in ROUTERS:
        app.include_router(router)
    return app
