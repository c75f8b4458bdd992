# Serving image: the API with ONNX Runtime. No torch, no training stack.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CLAIMSIGHT_DATA_DIR=/data \
    CLAIMSIGHT_DETECTOR__MODEL_DIR=/app/models/damage-detector/2.0.0 \
    CLAIMSIGHT_PARTS__MODEL_DIR=/app/models/car-parts/1.0.0 \
    CLAIMSIGHT_PARTS__DAMAGED_PARTS_ROOT=/app/models/damaged-parts \
    CLAIMSIGHT_PARTS__BUMPER_END_ROOT=/app/models/bumper-end \
    CLAIMSIGHT_OCR__TEXT_DETECTOR_DIR=/app/models/ocr-text-detector/1.1.0

RUN groupadd --system claimsight \
    && useradd --system --gid claimsight --home-dir /app --shell /usr/sbin/nologin claimsight

WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY inference ./inference
COPY pricing ./pricing
COPY training ./training
# Model artefacts are read from the repository path at run time, not installed as package data: the
# installed package cannot find them beside itself, so every model path is set above (tests/test_project.py).
COPY models ./models
# Optional extras, e.g. `docker build --build-arg EXTRAS=ray .` for API hosts and Ray workers of the
# multi-host layout (docs/deployment.md); the default image has none.
ARG EXTRAS=""
RUN pip install ".${EXTRAS:+[$EXTRAS]}" \
    && mkdir -p /data \
    && chown claimsight:claimsight /data

USER claimsight
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]

CMD ["claimsight", "serve", "--host", "0.0.0.0"]
