from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from api.auth import service, throttle
from api.auth.schemas import Token, UserCreate, UserRead
from api.db.base import utcnow
from api.deps import AdminUser, CurrentUser, SessionDep, StateDep, oauth2_scheme
from api.errors import NotAuthenticated, problem_responses

router = APIRouter(tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/token", responses=problem_responses(401, 422, 429))
def issue_token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    state: StateDep,
) -> Token:
    """OAuth2 password flow: form fields ``username`` (the e-mail) and ``password``.

    Throttled: repeated failures for one account or from one address answer 429 with
    ``Retry-After`` until the lockout ends (it doubles each time).
    """
    token = service.login(
        state.session_factory,
        issuer=state.tokens,
        rules=throttle.Rules.of(state.settings.auth),
        email=form.username,
        password=form.password,
        address=client_address(request),
        now=utcnow(),
    )
    return Token(access_token=token, expires_in=int(state.tokens.ttl.total_seconds()))


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(401))
def logout(session: SessionDep, state: StateDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> None:
    """End this token's session: it is refused from now on (other sessions go on)."""
    if not token:
        raise NotAuthenticated("Send the bearer token to end its session.")
    service.logout(session, issuer=state.tokens, token=token, now=utcnow())


@router.get("/auth/me", responses=problem_responses(401))
def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.post("/users", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 409, 422))
def create_user(body: UserCreate, session: SessionDep, _admin: AdminUser) -> UserRead:
    """Admins create users of any role (customers may also be created with the CLI)."""
    user = service.create_user(session, email=body.email, password=body.password, role=body.role)
    return UserRead.model_validate(user)
