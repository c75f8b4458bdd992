"""The Ray runner: jobs are leased, retried and recorded exactly as by the in-process runner (it
IS the in-process runner's dispatcher and thread pool), but the models run on Ray Serve replicas.

At start it joins Ray (``jobs.ray.address``; a Ray already initialised in this process is used as
it is), deploys the model applications (``api.jobs.ray_deployments``) or finds them deployed, and
swaps the state's detector, part segmenter and OCR engine for proxies that call the replicas. The
job handlers read those runtimes at run time, so the same service functions run the job; only
the model calls leave the process. The FastAPI app stays the ingress: Serve starts no HTTP proxy.
"""

from __future__ import annotations

import signal
import threading
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import structlog

from api.assessments.analysis import PhotoAnalysis
from api.config import RaySettings, Settings
from api.jobs.handlers import bound
from api.jobs.inprocess import InProcessRunner
from api.state import AppState
from inference.artifact import CARD_FILE, ModelCard, load_card
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.ocr.lines import TextLines
from inference.runtime import Image

log = structlog.get_logger(__name__)


def _checked(card: ModelCard, answer: tuple[str, Detections]) -> Detections:
    """The detections, once the replica that answered names the model this process serves."""
    sha256, found = answer
    if sha256 != card.sha256:
        raise ModelCardMismatch(f"a replica answered with model {sha256[:12]}, not {card.name} {card.sha256[:12]}")
    return found


@dataclass(frozen=True)
class RemoteDetector:
    """``DamageDetector`` on the detector deployment; each photo is its own call, so calls from
    several jobs meet in one ``@serve.batch``."""

    handle: Any
    model_card: ModelCard
    timeout_s: float

    @property
    def card(self) -> ModelCard:
        return self.model_card

    def detect(self, image_rgb: Image) -> Detections:
        return _checked(self.model_card, self.handle.detect.remote(image_rgb).result(timeout_s=self.timeout_s))

    def detect_batch(self, images_rgb: Sequence[Image]) -> list[Detections]:
        calls = [self.handle.detect.remote(image) for image in images_rgb]
        return [_checked(self.model_card, call.result(timeout_s=self.timeout_s)) for call in calls]


@dataclass(frozen=True)
class RemotePhotos:
    """``DamageDetector`` whose per-photo analysis runs on the photo deployment's replicas
    (``AnalysesStoredPhotos``): the assessment job sends a photo's name, and the worker reads,
    decodes and checks it and calls the models; the API host decodes nothing."""

    detector: RemoteDetector
    handle: Any
    timeout_s: float

    @property
    def card(self) -> ModelCard:
        return self.detector.card

    def detect(self, image_rgb: Image) -> Detections:
        return self.detector.detect(image_rgb)

    def detect_batch(self, images_rgb: Sequence[Image]) -> list[Detections]:
        return self.detector.detect_batch(images_rgb)

    def analyse_stored(self, sha256: str) -> PhotoAnalysis:
        return cast(PhotoAnalysis, self.handle.analyse.remote(sha256).result(timeout_s=self.timeout_s))


@dataclass(frozen=True)
class RemoteParts:
    """``PartSegmenter`` on the part deployment."""

    handle: Any
    model_card: ModelCard
    timeout_s: float

    @property
    def card(self) -> ModelCard:
        return self.model_card

    def segment(self, image_rgb: Image) -> Detections:
        return _checked(self.model_card, self.handle.segment.remote(image_rgb).result(timeout_s=self.timeout_s))


@dataclass(frozen=True)
class RemoteOcr:
    """``OcrEngine`` on the OCR deployment."""

    handle: Any
    timeout_s: float

    def read(self, image_rgb: Image) -> TextLines:
        return cast(TextLines, self.handle.read.remote(image_rgb).result(timeout_s=self.timeout_s))

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        answer = self.handle.recognize.remote(list(crops_rgb)).result(timeout_s=self.timeout_s)
        return cast(list[tuple[str, float]], answer)


@dataclass(frozen=True)
class Scale:
    """How many replicas a deployment runs, and the Ray CPUs each one reserves."""

    replicas: int
    cpus_per_replica: float


def scale_of(ray: RaySettings, *, ocr: bool = False) -> Scale:
    """OCR has its own replicas and CPUs (``jobs.ray.ocr_*``); the photo models share the others."""
    if ocr:
        return Scale(ray.ocr_replicas, ray.ocr_cpus_per_replica)
    return Scale(ray.replicas, ray.cpus_per_replica)


def _app(settings: Settings, deployment: Any, name: str, *args: Any, scale: Scale | None = None) -> Any:
    """The handle of application ``name``: deployed (or updated) here when ``jobs.ray.deploy``.
    Serve versions a deployment by its code and configuration, so API processes that deploy the
    same configuration leave the running replicas alone."""
    from ray import serve

    ray = settings.jobs.ray
    if not ray.deploy:
        return serve.get_app_handle(name)
    scale = scale or scale_of(ray)
    options = deployment.options(
        name=name,
        num_replicas=scale.replicas,
        ray_actor_options={"num_cpus": scale.cpus_per_replica},
        max_constructor_retry_count=ray.max_constructor_retries,
    )
    try:
        return serve.run(options.bind(*args), name=name, route_prefix=None)
    except RuntimeError as exc:  # Serve names the application; its status holds the replica's error
        raise ReplicasFailed(f"{name}: {_why_failed(name)}") from exc


class ReplicasFailed(RuntimeError):
    """A model deployment could not start its replicas (e.g. a model that does not match its card)."""


def _why_failed(name: str) -> str:
    """The last line of the failed replicas' error (the exception, not the traceback)."""
    from ray import serve

    app = serve.status().applications.get(name)
    messages = [app.message] if app is not None else []
    messages += [d.message for d in app.deployments.values()] if app is not None else []
    lines = [line.strip() for message in messages for line in message.splitlines() if line.strip()]
    found = [line for line in lines if "Error" in line or "Mismatch" in line]
    return (found or lines or ["no status"])[-1][:500]


def _same_as_here(remote: ModelCard, model_dir: Path) -> ModelCard:
    """Refuse replicas that serve another model than the card this host has (where it has one)."""
    if (model_dir / CARD_FILE).is_file():
        local = load_card(model_dir)
        if local.sha256 != remote.sha256:
            raise ModelCardMismatch(
                f"the replicas serve {remote.name} {remote.version} ({remote.sha256[:12]}), "
                f"this host's card is {local.version} ({local.sha256[:12]})"
            )
    return remote


@dataclass(frozen=True)
class RemoteModels:
    detector: RemotePhotos | None
    parts: RemoteParts | None
    ocr: RemoteOcr | None


def connect_models(settings: Settings) -> RemoteModels:
    """Deploy (or find) the model applications and return a proxy for each enabled model. A
    replica whose model does not match its card fails to start, and so does this call."""
    from ray import serve

    from api.jobs import ray_deployments as d

    ray, timeout = settings.jobs.ray, settings.jobs.ray.call_timeout_seconds
    if ray.deploy:
        serve.start(proxy_location="Disabled")  # the FastAPI app is the ingress
    models: RemoteDetector | None = None
    detector = parts = ocr = None
    if settings.detector.enabled:
        handle = _app(settings, d.DetectorDeployment, d.DETECTOR_APP, settings.detector, ray)
        card = _same_as_here(handle.card.remote().result(timeout_s=timeout), settings.detector.model_dir)
        models = RemoteDetector(handle, card, timeout)
    if settings.parts.enabled:
        handle = _app(settings, d.PartsDeployment, d.PARTS_APP, settings.parts, ray)
        card = _same_as_here(handle.card.remote().result(timeout_s=timeout), settings.parts.model_dir)
        parts = RemoteParts(handle, card, timeout)
    if models is not None:  # the photos are read, decoded and checked next to the models
        parts_card = parts.card if parts is not None else None
        photos = _app(
            settings,
            d.PhotoDeployment,
            d.PHOTOS_APP,
            settings.storage,
            settings.storage_root,
            models.card,
            parts_card,
            timeout,
        )
        detector = RemotePhotos(models, photos, timeout)
    if settings.ocr.enabled:
        ocr = RemoteOcr(_app(settings, d.OcrDeployment, d.OCR_APP, ray, scale=scale_of(ray, ocr=True)), timeout)
    return RemoteModels(detector, parts, ocr)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class RayRunner:
    """``JobRunner``: the in-process dispatcher with the models on Ray Serve."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._inner: InProcessRunner | None = None
        self._joined = False  # this runner called ray.init (and so disconnects at stop)

    def start(self) -> None:
        import ray

        settings = self._state.settings
        if not ray.is_initialized():
            # ray.init takes SIGTERM over (it exits at once); the server's own handler is put back,
            # so a stopping API process still drains its jobs and stops this runner.
            on_sigterm = signal.getsignal(signal.SIGTERM) if _main_thread() else None
            ray.init(
                address=settings.jobs.ray.address,
                namespace=settings.jobs.ray.namespace,
                include_dashboard=False,
                log_to_driver=False,
            )
            if on_sigterm is not None:
                signal.signal(signal.SIGTERM, on_sigterm)
            self._joined = True
        # Serve's blocking calls refuse to run on an event loop's thread (the app's lifespan is one).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimsight-ray-connect") as pool:
            models = pool.submit(connect_models, settings).result()
        self._state.detector, self._state.parts, self._state.ocr = models.detector, models.parts, models.ocr
        self._inner = InProcessRunner(self._state.session_factory, settings=settings.jobs, handlers=bound(self._state))
        self._inner.start()
        log.info(
            "jobs.ray_connected",
            address=settings.jobs.ray.address or "local",
            replicas=settings.jobs.ray.replicas,
            cpus_per_replica=settings.jobs.ray.cpus_per_replica,
            ocr_replicas=settings.jobs.ray.ocr_replicas,
            detector=models.detector.card.version if models.detector else None,
        )

    def submit(self, job_id: uuid.UUID) -> None:
        if self._inner is not None:
            self._inner.submit(job_id)

    def stop(self) -> None:
        import ray

        if self._inner is not None:
            self._inner.stop()
        if self._joined:
            ray.shutdown()  # a Ray started here ends with its replicas; a cluster's keep serving
