from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied, TooManyRequests


class InvalidCredentials(NotAuthenticated):
    code = "invalid-credentials"
    title = "Incorrect e-mail or password"


class InvalidToken(NotAuthenticated):
    code = "invalid-token"
    title = "Invalid or expired token"


class RoleRequired(PermissionDenied):
    code = "role-required"
    title = "Your role may not do this"


class EmailTaken(Conflict):
    code = "email-taken"
    title = "A user with this e-mail already exists"


class WeakPassword(InvalidInput):
    code = "weak-password"
    title = "Password too weak"


class LoginThrottled(TooManyRequests):
    code = "login-throttled"
    title = "Too many failed sign-ins"
