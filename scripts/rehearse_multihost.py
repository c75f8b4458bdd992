"""Rehearse the multi-host layout (docs/deployment.md) on this one machine, then stop everything:

    .venv/bin/python scripts/rehearse_multihost.py [--keep-logs DIR]

Starts a Ray head and a Ray worker process (the replicas land on the worker: the head offers no
CPUs), s3rver (the object store; .cache/s3rver, as scripts/test.sh installs it), a fresh database
on the PostgreSQL server at 127.0.0.1:5432, and two API processes (``api-a`` deploys the model
applications, ``api-b`` joins them) with the Ray runner and the S3 backend. One claim goes through
end to end: filed and photographed on api-a, assessed through api-b (the models run on the Ray
worker), followed and read on api-a, priced on api-b when the models found damage. Exit 0 when
it went through. Needs the ``ray`` extra (pip install -e '.[ray]'), node and PostgreSQL.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts import scale_rig as rig
from tests.fixtures.databases import postgres_unreachable_reason, temporary_postgres_database
from tests.fixtures.s3server import ACCESS_KEY, SECRET_KEY, running_s3rver, s3rver_unavailable_reason


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-logs", type=Path, help="copy the processes' logs here")
    parser.add_argument("--photos", type=int, default=2, help="photos on the claim")
    args = parser.parse_args()
    missing = postgres_unreachable_reason() or s3rver_unavailable_reason()
    if missing or shutil.which(rig._ray_cli()) is None:
        print(f"cannot rehearse: {missing or 'Ray is not installed (pip install -e .[ray])'}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="claimsight-rehearsal-"))
    try:
        return rehearse(work, args.photos)
    finally:
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            for log in work.glob("*.log"):
                shutil.copy(log, args.keep_logs / log.name)
        shutil.rmtree(work, ignore_errors=True)


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def rehearse(work: Path, photo_count: int) -> int:
    step("starting s3rver, a PostgreSQL database and the Ray head + worker")
    with (
        running_s3rver(work / "s3") as s3,
        temporary_postgres_database() as database_url,
        rig.ray_cluster(work, head_cpus=0, worker_cpus=2) as address,
    ):
        settings = {
            "CLAIMSIGHT_STORAGE__BACKEND": "s3",
            "CLAIMSIGHT_STORAGE__S3__ENDPOINT_URL": s3.endpoint_url,
            "CLAIMSIGHT_STORAGE__S3__BUCKET": s3.bucket,
            "CLAIMSIGHT_STORAGE__S3__ACCESS_KEY_ID": ACCESS_KEY,
            "CLAIMSIGHT_STORAGE__S3__SECRET_ACCESS_KEY": SECRET_KEY,
            "CLAIMSIGHT_JOBS__RUNNER": "ray",
            "CLAIMSIGHT_JOBS__WORKERS": "4",
            "CLAIMSIGHT_JOBS__RAY__ADDRESS": address,
            "CLAIMSIGHT_JOBS__RAY__CPUS_PER_REPLICA": "0.5",
        }
        step(f"Ray cluster at {address} (head + worker); starting api-a (deploys the models)")
        api_a = rig.start_api("api-a", work, database_url, settings)
        try:
            step(f"api-a on {api_a.url}; starting api-b (joins the deployed models)")
            api_b = rig.start_api("api-b", work, database_url, {**settings, "CLAIMSIGHT_JOBS__RAY__DEPLOY": "false"})
            try:
                return push_one_claim(api_a.url, api_b.url, database_url, s3.data_dir, photo_count)
            finally:
                api_b.stop()
        finally:
            api_a.stop()
            step("stopping the API processes, the Ray nodes, s3rver; dropping the database")


def push_one_claim(a: str, b: str, database_url: str, s3_store: Path, photo_count: int) -> int:
    emails = rig.create_users(database_url)
    with httpx.Client(timeout=120) as client:
        customer = rig.sign_in(client, a, emails["customer"])
        adjuster = rig.sign_in(client, b, emails["adjuster"])
        claim_id = rig.file_claim(client, a, customer, rig.photos(photo_count))
        stored = sum(1 for path in s3_store.rglob("*") if path.is_file() and "blobs" in path.parts)
        step(f"claim {claim_id} filed on api-a with {photo_count} photos ({stored} files in s3rver's store)")
        job = rig.ask_assessment(client, b, adjuster, claim_id)
        step(f"assessment job {job['id']} queued on api-b; following it on api-a")
        done = rig.wait_job(client, a, customer, job["id"])
        if done["status"] != "succeeded":
            step(f"FAILED: the job ended {done['status']}: {done['error']}")
            return 1
        assessment = client.get(f"{a}{done['result']}", headers=customer).json()
        findings = sum(len(photo.get("findings", [])) for photo in assessment.get("photos", []))
        step(
            f"assessed by {assessment['model_name']} {assessment['model_version']} on the Ray worker: "
            f"{findings} findings, job attempts {done['attempts']}"
        )
        if findings:
            priced = client.post(
                f"{b}/claims/{claim_id}/estimates",
                json={"vehicle": {"vehicle_class": "midsize"}},
                headers=adjuster,
            )
            step(f"estimate on api-b: HTTP {priced.status_code}")
            if priced.status_code != 201:
                return 1
        timeline = client.get(f"{a}/claims/{claim_id}/timeline", headers=customer)
        step(f"timeline on api-a: HTTP {timeline.status_code}; the claim went through")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
