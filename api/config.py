"""Service configuration: one validated ``Settings`` read from ``CLAIMSIGHT_*`` variables.

Nested groups use a double underscore: ``CLAIMSIGHT_AUTH__TOKEN_TTL_MINUTES=30``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR

# HS256 needs a key at least as long as its hash (RFC 7518 section 3.2).
MIN_SECRET_BYTES = 32


class AuthSettings(BaseModel):
    # None: a random secret is generated once and kept in <data_dir>/jwt-secret (mode 0600).
    jwt_secret: SecretStr | None = None
    # HMAC only: the service signs and verifies its own tokens with one shared secret.
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = "claimsight"
    token_ttl_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # Sign-in throttling (API and pages): this many failures within the window lock the account
    # (or the client address) for login_lockout_seconds, doubled at each further lockout.
    login_account_failures: int = Field(default=5, ge=1)
    login_address_failures: int = Field(default=20, ge=1)
    login_window_seconds: int = Field(default=15 * 60, ge=1)
    login_lockout_seconds: int = Field(default=60, ge=1)
    login_lockout_max_seconds: int = Field(default=60 * 60, ge=1)

    @field_validator("jwt_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"must be at least {MIN_SECRET_BYTES} bytes (e.g. secrets.token_urlsafe(48))")
        return value


class S3Settings(BaseModel):
    """An S3-compatible object store (``storage.backend = "s3"``)."""

    # None: AWS itself; otherwise e.g. http://minio.internal:9000
    endpoint_url: str | None = None
    bucket: str | None = None
    region: str = "us-east-1"
    # Keys start with this (e.g. "claimsight/"): several deployments may share a bucket.
    prefix: str = Field(default="", pattern=r"^([A-Za-z0-9._-]+/)*$")
    # None: boto3's usual sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role).
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None
    # "path" suits most self-hosted stores; AWS accepts "virtual" or "auto" too.
    addressing_style: Literal["path", "virtual", "auto"] = "path"
    timeout_seconds: float = Field(default=10.0, gt=0)


class StorageSettings(BaseModel):
    # "local": files under `root`; "s3": an S3-compatible object store (`s3`), shared by several hosts.
    backend: Literal["local", "s3"] = "local"
    # None: <data_dir>/blobs
    root: Path | None = None
    s3: S3Settings = S3Settings()
    max_photo_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_document_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_image_pixels: int = Field(default=40_000_000, ge=1)
    # Photos: the models need 320 px on the short side; a longer side over 4x the shorter is no car photo.
    min_photo_side: int = Field(default=320, ge=1)
    max_photo_aspect: float = Field(default=4.0, ge=1.0)
    # Files no row uses are removed at start (and by `claimsight storage reconcile`) once this old.
    orphan_grace_seconds: float = Field(default=3600.0, ge=0)

    @model_validator(mode="after")
    def _s3_needs_bucket(self) -> StorageSettings:
        if self.backend == "s3" and not self.s3.bucket:
            raise ValueError("storage.backend=s3 needs storage.s3.bucket")
        return self


class FraudSettings(BaseModel):
    # Two photos whose 64-bit perceptual hashes differ in at most this many bits are "the same".
    max_hash_distance: int = Field(default=6, ge=0, le=64)


class SchedulerSettings(BaseModel):
    enabled: bool = True
    interval_seconds: float = Field(default=60.0, gt=0)


class SmtpSettings(BaseModel):
    """The e-mail channel's server; without a host, e-mails are logged (address masked)."""

    host: str | None = None
    port: int = Field(default=25, ge=1, le=65535)
    from_address: str = "noreply@claimsight.invalid"
    from_name: str = "ClaimSight"
    starttls: bool = False
    username: str | None = None
    password: SecretStr | None = None
    timeout_seconds: float = Field(default=10.0, gt=0)


class NotificationSettings(BaseModel):
    # The operator's event feed; a user's SMS and e-mail go through their channel's sender.
    sender: str = Field(default="log", pattern="^(log|webhook)$")
    webhook_url: str | None = None
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    smtp: SmtpSettings = SmtpSettings()
    max_attempts: int = Field(default=5, ge=1)
    # A dispatcher leases a batch for this long; it starts no send past half of it, so a send
    # (bounded by the webhook timeout) ends before another process may take the message over.
    lease_seconds: float = Field(default=120.0, gt=0)
    batch_size: int = Field(default=20, ge=1, le=1000)

    @model_validator(mode="after")
    def _lease_outlasts_a_send(self) -> NotificationSettings:
        if self.lease_seconds < 4 * max(self.webhook_timeout_seconds, self.smtp.timeout_seconds):
            raise ValueError("notifications.lease_seconds must be at least 4 x the webhook and SMTP timeouts")
        return self


class RaySettings(BaseModel):
    """The Ray runner (``jobs.runner = "ray"``): the models run as Ray Serve deployments."""

    # None: start a Ray instance inside this process (one laptop); "auto" or "host:6379": join a cluster.
    address: str | None = None
    # The Serve applications live in this namespace; every API process of one deployment uses the same.
    namespace: str = "claimsight"
    # Replicas of the photo deployments (detector, part segmenter) and Ray CPUs reserved by each.
    replicas: int = Field(default=1, ge=1, le=256)
    cpus_per_replica: float = Field(default=1.0, gt=0)
    # OCR's own: documents come at another rate than photos, so its replicas scale on their own.
    ocr_replicas: int = Field(default=1, ge=1, le=256)
    ocr_cpus_per_replica: float = Field(default=1.0, gt=0)
    # ONNX Runtime threads inside one replica.
    threads_per_replica: int = Field(default=1, ge=1, le=64)
    # Detector calls from concurrent jobs are batched (@serve.batch) up to this many images.
    max_batch_size: int = Field(default=4, ge=1, le=64)
    batch_wait_seconds: float = Field(default=0.01, ge=0)
    # Deploy the model applications when this process starts (false: use those already deployed).
    deploy: bool = True
    # A model call that takes longer fails the attempt (the job is retried).
    call_timeout_seconds: float = Field(default=120.0, gt=0)
    # A replica whose constructor fails (a model that does not match its card) is tried this often.
    max_constructor_retries: int = Field(default=3, ge=1)


class JobSettings(BaseModel):
    """Assessments and document readings run as jobs (``api.jobs``)."""

    # "in-process": the models run in this process's thread pool; "ray": on Ray Serve replicas
    # (``ray`` below; needs the ``ray`` extra). Job state, leases and retries stay in the database.
    runner: Literal["in-process", "ray"] = "in-process"
    ray: RaySettings = RaySettings()
    # Run jobs in this process (a bounded thread pool); false: only queue them, for another
    # process's runner to take (every process that runs them leases each job to one worker).
    enabled: bool = True
    workers: int = Field(default=2, ge=1, le=64)
    # Photos of one assessment analysed side by side, each on its own thread: one claim alone
    # spreads over the cores with single-thread model sessions (the detector's and the part
    # model's ``threads``), and under load the jobs share the cores without idle threads spinning.
    photos_at_once: int = Field(default=2, ge=1, le=64)
    max_attempts: int = Field(default=3, ge=1, le=20)
    # A runner renews its jobs' leases every third of this; a dead runner's jobs are taken over after it.
    lease_seconds: float = Field(default=60.0, gt=0)
    # Retry n waits backoff_seconds * 2**(n-1), at most backoff_cap_seconds.
    backoff_seconds: float = Field(default=5.0, gt=0)
    backoff_cap_seconds: float = Field(default=300.0, gt=0)
    # How often an idle runner looks for due jobs (a job submitted here wakes it at once).
    poll_seconds: float = Field(default=1.0, gt=0)


DEFAULT_DETECTOR_DIR = Path(__file__).resolve().parent.parent / "models" / "damage-detector" / "2.0.0"


class DetectorSettings(BaseModel):
    enabled: bool = True
    # model.onnx + model.json; a card that does not match its file stops the service at startup.
    model_dir: Path = DEFAULT_DETECTOR_DIR
    # ONNX Runtime threads per call; jobs.photos_at_once is what spreads a claim over the cores.
    threads: int = Field(default=1, ge=1, le=64)


class OcrSettings(BaseModel):
    enabled: bool = True
    threads: int = Field(default=2, ge=1, le=64)
    # Load the ONNX sessions at startup rather than on the first document.
    warm_up: bool = False
    # ONNX Runtime's memory arena: about 18 % faster per document, about 350 MB more resident
    # (docs/deployment.md); false gives the memory back on a small machine.
    memory_arena: bool = True
    # The text detector: a folder with the int8 model and its card (a card that does not match its
    # file stops reading with 503); None: RapidOCR's own float32 detector (docs/read-document.md).
    text_detector_dir: Path | None = DEFAULT_TEXT_DETECTOR_DIR

    @field_validator("text_detector_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


DEFAULT_PARTS_DIR = Path(__file__).resolve().parent.parent / "models" / "car-parts" / "1.0.0"
# The damaged-part model's versions (<root>/<version>/): the newest with a card serves; none yet, none served.
DEFAULT_DAMAGED_PARTS_ROOT = Path(__file__).resolve().parent.parent / "models" / "damaged-parts"
# The bumper-end classifier's versions, served beside the damaged-part model (front or back bumper).
DEFAULT_BUMPER_END_ROOT = Path(__file__).resolve().parent.parent / "models" / "bumper-end"


class CatalogSettings(BaseModel):
    # A folder the scheduler polls for new price lists (*.csv, *.json; docs/catalogs.md); None: no feed.
    feed_dir: Path | None = None
    # A list taken from the feed becomes the active version at once (false: import only).
    feed_activate: bool = True


class PartsSettings(BaseModel):
    enabled: bool = True
    # The part segmenter; without it findings keep part "unknown" and severity is judged on the photo.
    model_dir: Path = DEFAULT_PARTS_DIR
    threads: int = Field(default=1, ge=1, le=64)
    # Names the part family in medium views and close-ups where the segmenter sees no part
    # (docs/part-fusion.md); used beside the segmenter only. None: not used.
    damaged_parts_root: Path | None = DEFAULT_DAMAGED_PARTS_ROOT
    # The bumper-end classifier (inference.bumper_end), used beside the damaged-part model. None: not used.
    bumper_end_root: Path | None = DEFAULT_BUMPER_END_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CLAIMSIGHT_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        hide_input_in_errors=True,  # a refused value may be (most of) a secret
    )

    environment: str = "development"
    data_dir: Path = Path("./var")
    # None: a SQLite file <data_dir>/claimsight.db, created on first run.
    database_url: str | None = None
    # Claims are dated and deadlines counted in this zone (China's official calendar).
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    log_json: bool = True
    migrate_on_startup: bool = True

    auth: AuthSettings = AuthSettings()
    storage: StorageSettings = StorageSettings()
    fraud: FraudSettings = FraudSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    notifications: NotificationSettings = NotificationSettings()
    jobs: JobSettings = JobSettings()
    ocr: OcrSettings = OcrSettings()
    detector: DetectorSettings = DetectorSettings()
    parts: PartsSettings = PartsSettings()
    catalogs: CatalogSettings = CatalogSettings()

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.notifications.sender == "webhook" and not self.notifications.webhook_url:
            raise ValueError("notifications.sender=webhook needs notifications.webhook_url")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'claimsight.db').resolve()}"

    @property
    def storage_root(self) -> Path:
        return self.storage.root if self.storage.root is not None else self.data_dir / "blobs"

    @property
    def max_body_bytes(self) -> int:
        # The largest file plus room for the multipart envelope and form fields.
        return max(self.storage.max_photo_bytes, self.storage.max_document_bytes) + 64 * 1024


@lru_cache
def get_settings() -> Settings:
    return Settings()
