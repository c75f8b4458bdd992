from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound


class CustomerNotFound(NotFound):
    code = "customer-not-found"
    title = "Customer not found"


class TagNotFound(NotFound):
    code = "customer-tag-not-found"
    title = "Service tag not found"


class InvalidTag(InvalidInput):
    code = "invalid-customer-tag"
    title = "Invalid service tag"


class TagAlreadyActive(Conflict):
    code = "customer-tag-exists"
    title = "The customer already has this tag"


class TagAlreadyRemoved(Conflict):
    code = "customer-tag-removed"
    title = "The tag was already removed"
