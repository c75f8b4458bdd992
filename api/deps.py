"""Request dependencies as ``Annotated`` aliases: the only way endpoints reach runtimes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.auth import service as auth_service
from api.auth.errors import RoleRequired
from api.auth.roles import ADJUSTER_ROLES, STAFF_ROLES, Role
from api.config import Settings
from api.db.engine import rollback_and_run_hooks, write_session
from api.db.models import User
from api.errors import NotAuthenticated, ServiceUnavailable
from api.state import AppState
from api.storage.blobstore import BlobStore
from api.workflow.errors import ConcurrentUpdate
from inference.ocr.engine import OcrEngine
from inference.parts import PartSegmenter
from inference.runtime import DamageDetector

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


def get_app_state(request: Request) -> AppState:
    state: AppState = request.state.claimsight
    return state


StateDep = Annotated[AppState, Depends(get_app_state)]


def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_blobs(state: StateDep) -> BlobStore:
    return state.blobs


BlobStoreDep = Annotated[BlobStore, Depends(get_blobs)]


READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request, state: StateDep) -> Iterator[Session]:
    """One transaction per request: commit when the endpoint returns, roll back (and remove
    files written for it) when it raises. Runs before the response is sent, so a failed
    commit is the client's error response, never a silent loss. A request that may write
    (not GET/HEAD) takes SQLite's write lock at its first statement (see ``api.db.engine``)."""
    factory = state.session_factory
    with factory() if request.method in READING_METHODS else write_session(factory) as session:
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            rollback_and_run_hooks(session)
            raise ConcurrentUpdate() from exc
        except BaseException:
            rollback_and_run_hooks(session)
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def end_transaction(session: Session) -> None:
    """Commit the request's work so far and release its locks, before an operation that runs
    its own short transactions around a long step (models, OCR): no lock is held across it.
    A later use of ``session`` begins a new transaction, committed by the dependency as usual."""
    session.commit()


def get_current_user(
    session: SessionDep,
    state: StateDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise NotAuthenticated("Send a bearer token from POST /auth/token.")
    return auth_service.user_for_token(session, issuer=state.tokens, token=token)


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only users with one of ``roles`` through (403 otherwise)."""
    allowed = frozenset(roles)

    def dependency(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise RoleRequired(f"Needs one of: {', '.join(sorted(allowed))}.")
        return user

    dependency.__name__ = f"require_{'_or_'.join(sorted(allowed))}"
    return dependency


CustomerUser = Annotated[User, Depends(require_roles(Role.CUSTOMER))]
StaffUser = Annotated[User, Depends(require_roles(*STAFF_ROLES))]
AdjusterUser = Annotated[User, Depends(require_roles(*ADJUSTER_ROLES))]
AdminUser = Annotated[User, Depends(require_roles(Role.ADMIN))]


class DetectorNotLoaded(ServiceUnavailable):
    code = "detector-not-loaded"
    title = "Detector not loaded"


def get_detector(state: StateDep) -> DamageDetector:
    if state.detector is None:
        raise DetectorNotLoaded("The damage detector is not loaded on this instance.")
    return state.detector


DetectorDep = Annotated[DamageDetector, Depends(get_detector)]


class OcrNotLoaded(ServiceUnavailable):
    code = "ocr-not-loaded"
    title = "OCR not loaded"


def get_ocr(state: StateDep) -> OcrEngine:
    if state.ocr is None:
        raise OcrNotLoaded("Document OCR is not loaded on this instance.")
    return state.ocr


OcrDep = Annotated[OcrEngine, Depends(get_ocr)]


def get_parts(state: StateDep) -> PartSegmenter | None:
    """The part segmenter when one is loaded; assessments work without it (parts stay unknown)."""
    return state.parts


PartsDep = Annotated[PartSegmenter | None, Depends(get_parts)]
