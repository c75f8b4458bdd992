"""Every ORM model, imported here so ``Base.metadata`` is complete for Alembic."""

from api.catalogs import models as catalogs_models  # noqa: F401  (price-list versions)
from api.customers import models as customers_models  # noqa: F401  (risk flags, service tags)
from api.db.base import Base
from api.db.models.assessment import Assessment, Finding
from api.db.models.audit import AuditEvent
from api.db.models.claim import Claim
from api.db.models.estimate import EstimateVersion
from api.db.models.evidence import Document, Photo
from api.db.models.fraud import FraudFlag
from api.db.models.ocr import DocumentFlag, DocumentReading, FieldCorrection
from api.db.models.outbox import OutboxMessage
from api.db.models.security import AuthSession, LoginThrottle
from api.db.models.user import User
from api.disputes import models as disputes_models  # noqa: F401  (complaint desk tables)
from api.jobs import models as jobs_models  # noqa: F401  (assessment and reading jobs)
from api.notifications import models as notifications_models  # noqa: F401  (preferences, inbox)
from api.payments import models as payments_models  # noqa: F401  (payment records)
from api.signing import models as signing_models  # noqa: F401  (signing codes, signatures)
from api.straight_through import models as straight_through_models  # noqa: F401  (decisions)
from api.surveys import models as surveys_models  # noqa: F401  (revisits, survey follow-ups)

__all__ = [
    "Assessment",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Claim",
    "Document",
    "DocumentFlag",
    "DocumentReading",
    "EstimateVersion",
    "FieldCorrection",
    "Finding",
    "FraudFlag",
    "LoginThrottle",
    "OutboxMessage",
    "Photo",
    "User",
]
