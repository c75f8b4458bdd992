"""The learning loop end to end: claims reviewed through the API, ``claimsight labels export``'s
service writes the YOLO dataset (consented claims only, no photo metadata, sha256 manifest), and the
training side reads it: the recipe's extra source, the v2 dataset builder and Ultralytics' loader."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import Assessment, Finding, Photo
from api.labels.export import DAMAGE_CLASSES, PART_CLASSES, ExportTargetExists, export_labels
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures import images
from tests.fixtures.harness import Harness
from training.extra_sources import ExportInvalid, read_export

SERVED = ["dent", "scratch", "crack", "glass_shatter", "lamp_broken", "tire_flat"]


def _photo_with_exif(size: tuple[int, int]) -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[0x0131] = "Camera 1.0"  # Software
    image = Image.open(io.BytesIO(images.jpeg(seed=7, size=size)))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _review(h: Harness, claim_id: str, adjuster: dict[str, str], corrections: list[dict[str, Any]]) -> None:
    if corrections:
        fixed = h.client.post(
            f"/claims/{claim_id}/findings/corrections", json={"corrections": corrections}, headers=adjuster
        )
        assert fixed.status_code in (200, 201), fixed.text
    version = price(h, claim_id, adjuster)["version"]
    assert h.client.post(f"/claims/{claim_id}/estimates/{version}/approve", headers=adjuster).status_code == 200


def _rows(session: Session, claim_id: str) -> list[Finding]:
    assessment = session.scalars(select(Assessment).where(Assessment.claim_id == uuid.UUID(claim_id))).one()
    return list(session.scalars(select(Finding).where(Finding.assessment_id == assessment.id).order_by(Finding.rank)))


def _findings(h: Harness, claim_id: str) -> list[Finding]:
    with h.session() as session:
        return _rows(session, claim_id)


def _export(h: Harness, out: Path) -> Any:
    with h.session() as session:
        return export_labels(
            session, blobs=h.state.blobs, since=utcnow().date(), out=out, tz=ZoneInfo("Asia/Shanghai"), now=utcnow()
        )


@pytest.fixture
def exported(harness: Harness, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    # Consented: two photos (one with EXIF); one finding's part corrected, one false finding
    # rejected on a third photo, a missed scratch added.
    consented = assessed_claim(
        h, customer, parts=[("front_bumper", "minor"), ("hood", "minor"), ("trunk", "minor")], training_consent=True
    )
    with h.session() as session:  # the first photo as a phone sends it: with EXIF (camera, software)
        photo = session.get(Photo, _rows(session, consented)[0].photo_id)
        assert photo is not None
        data = _photo_with_exif((photo.width, photo.height))
        photo.sha256, photo.size_bytes = h.state.blobs.put(data).sha256, len(data)
        assert b"Exif" in h.state.blobs.read(photo.sha256)
    first, second, third = _findings(h, consented)
    corrections: list[dict[str, Any]] = [
        {"action": "change", "finding_id": str(second.id), "part": "front_left_door", "reason": "wrong_part"},
        {"action": "reject", "finding_id": str(third.id)},
        {
            "action": "add",
            "photo_id": str(first.photo_id),
            "xyxy": [10, 20, 110, 60],
            "damage_type": "scratch",
            "part": "front_bumper",
            "severity": "minor",
            "reason": "missed_damage",
        },
    ]
    _review(h, consented, adjuster, corrections)
    # Not consented: reviewed the same way, never exported.
    silent = assessed_claim(h, customer, parts=[("hood", "minor")])
    _review(h, silent, adjuster, [])
    out = tmp_path / "labels"
    summary = _export(h, out)
    assert (summary.images, summary.claims, summary.damage_instances) == (2, 1, 3)
    return out, {"claim": consented, "first": first, "second": second, "third": third, "silent": silent}


def test_the_export_holds_consented_reviewed_findings_only(exported: tuple[Path, dict[str, Any]]) -> None:
    out, ids = exported
    manifest = json.loads((out / "manifest.json").read_text())
    assert {i["claim_id"] for i in manifest["images"]} == {ids["claim"]}
    by_photo = {i["photo_id"]: i for i in manifest["images"]}
    assert set(by_photo) == {str(ids["first"].photo_id), str(ids["second"].photo_id)}  # the rejected one's photo: out
    first = by_photo[str(ids["first"].photo_id)]
    assert sorted((f["status"], f["damage_type"]) for f in first["findings"]) == [
        ("added", "scratch"),
        ("kept", "dent"),
    ]
    second = by_photo[str(ids["second"].photo_id)]
    assert [(f["status"], f["part"]) for f in second["findings"]] == [("changed", "front_left_door")]
    assert manifest["class_maps"] == {
        "damage": {str(i): n for i, n in enumerate(DAMAGE_CLASSES)},
        "parts": {str(i): n for i, n in enumerate(PART_CLASSES)},
    }
    split = first["split"]
    lines = sorted((out / "damage" / "labels" / split / f"{ids['first'].photo_id}.txt").read_text().splitlines())
    assert [line.split()[0] for line in lines] == ["0", "1"]  # dent, scratch
    part_line = (out / "parts" / "labels" / second["split"] / f"{ids['second'].photo_id}.txt").read_text().split()
    assert PART_CLASSES[int(part_line[0])] == "front_left_door"
    assert "consent" in (out / "README.md").read_text()
    for item in manifest["files"]:  # every file listed with its sha256, and nothing unlisted
        assert hashlib.sha256((out / item["path"]).read_bytes()).hexdigest() == item["sha256"]
    listed = {item["path"] for item in manifest["files"]} | {"manifest.json"}
    assert {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} == listed
    for image in out.rglob("*.jpg"):
        data = image.read_bytes()
        assert b"Exif" not in data and not Image.open(io.BytesIO(data)).getexif()


def test_an_existing_folder_is_refused_and_nothing_is_left_half_written(
    harness: Harness, exported: tuple[Path, dict[str, Any]]
) -> None:
    out, _ = exported
    before = sorted(p.name for p in out.parent.iterdir())
    with pytest.raises(ExportTargetExists):
        _export(harness, out)
    assert sorted(p.name for p in out.parent.iterdir()) == before


def test_the_training_loader_reads_the_export(exported: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    out, ids = exported
    entries = read_export(out, SERVED)
    assert sorted(i["class"] for e in entries for i in e["instances"]) == ["dent", "dent", "scratch"]
    assert {e["kind"] for e in entries} == {"claims"}
    # The v2 dataset builder takes it as an extra source (the recipe's `extra_sources`).
    pytest.importorskip("cv2")
    from tests.training.test_data_v2 import tiny_shared
    from training.data_v2 import build

    shared = tiny_shared(tmp_path / "shared")
    plain = build(shared, tmp_path / "plain", tmp_path / "plain.json", shared / "taxonomy.yaml")
    built = build(shared, tmp_path / "ds", tmp_path / "ds.json", shared / "taxonomy.yaml", extra_sources=[out])
    assert built["hash"] != plain["hash"] and "claims" not in plain["counts"]["train"]
    claims = [e for e in built["entries"] if e["kind"] == "claims"]
    assert len(claims) == 2
    for entry in claims:
        label = tmp_path / "ds" / "labels" / entry["split"] / (Path(entry["file"]).stem + ".txt")
        assert len(label.read_text().split()) == 5 * len(entry["instances"])
        assert (tmp_path / "ds" / "images" / entry["split"] / entry["file"]).is_file()
    # A changed file is refused.
    victim = next(out.rglob("*.txt"))
    victim.write_text("0 0.5 0.5 0.9 0.9\n")
    with pytest.raises(ExportInvalid, match="changed since the export"):
        read_export(out, SERVED)
    assert ids


def test_ultralytics_reads_the_damage_dataset(exported: tuple[Path, dict[str, Any]]) -> None:
    pytest.importorskip("ultralytics")
    from training import offline

    offline.prepare()
    from ultralytics.data.dataset import YOLODataset

    offline.restore_pil_open()

    out, _ = exported
    data = {"names": dict(enumerate(DAMAGE_CLASSES)), "nc": len(DAMAGE_CLASSES), "channels": 3}
    boxes = 0
    for split in ("train", "val"):
        folder = out / "damage" / "images" / split
        if not any(folder.iterdir()):
            continue
        dataset = YOLODataset(img_path=str(folder), imgsz=320, augment=False, data=data, task="detect")
        boxes += sum(len(label["cls"]) for label in dataset.labels)
    assert boxes == 3


def test_a_claim_whose_consent_is_withdrawn_is_left_out_and_the_manifest_says_so(
    harness: Harness, tmp_path: Path
) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    kept = assessed_claim(h, customer, parts=[("hood", "minor")], training_consent=True)
    withdrawn = assessed_claim(h, customer, parts=[("trunk", "minor")], training_consent=True)
    later = assessed_claim(h, customer, parts=[("front_bumper", "minor")])  # no consent at reporting
    for claim_id in (kept, withdrawn, later):
        _review(h, claim_id, adjuster, [])
    url = "/claims/{}/training-consent"
    assert h.client.put(url.format(withdrawn), json={"given": False}, headers=customer).status_code == 200
    assert h.client.put(url.format(later), json={"given": True}, headers=customer).status_code == 200

    _export(h, tmp_path / "labels")

    manifest = json.loads((tmp_path / "labels" / "manifest.json").read_text())
    assert {i["claim_id"] for i in manifest["images"]} == {kept, later}
    assert "withdrawn before this export are left out" in manifest["consent"]
    assert "withdrawn before this export was made, are left out" in (tmp_path / "labels" / "README.md").read_text()


def test_the_cli_command_writes_the_export(harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``claimsight labels export --since DATE --out DIR`` as an operator runs it, on the service's
    database and blob store; an existing folder is an error, not a traceback."""
    from typer.testing import CliRunner

    from api.cli import app
    from api.config import get_settings

    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    consented = assessed_claim(h, customer, parts=[("hood", "minor")], training_consent=True)
    _review(h, consented, adjuster, [])
    monkeypatch.setenv("CLAIMSIGHT_DATABASE_URL", str(h.state.settings.resolved_database_url))
    monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(h.state.settings.data_dir))
    get_settings.cache_clear()
    out = tmp_path / "cli-labels"
    try:
        runner = CliRunner()
        args = ["labels", "export", "--since", utcnow().date().isoformat(), "--out", str(out)]
        result = runner.invoke(app, args)
        again = runner.invoke(app, args)
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 0, result.output
    assert f"1 images from 1 consented claims (1 damages; 1 images with part labels) in {out}" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert [i["claim_id"] for i in manifest["images"]] == [consented]
    assert again.exit_code == 1 and "exists" in again.output


def test_corrections_on_a_reopened_claim_wait_for_the_new_approval(harness: Harness, tmp_path: Path) -> None:
    """An approved claim reopened and corrected stands behind nothing until the new version is
    approved: the export leaves it out meanwhile, then carries the corrected finding."""
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("hood", "minor")], training_consent=True)
    _review(h, claim_id, adjuster, [])
    reopened = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "new photos"}, headers=adjuster
    )
    assert reopened.status_code == 200, reopened.text
    (finding,) = _findings(h, claim_id)
    change = {"action": "change", "finding_id": str(finding.id), "part": "trunk", "reason": "wrong_part"}
    fixed = h.client.post(f"/claims/{claim_id}/findings/corrections", json={"corrections": [change]}, headers=adjuster)
    assert fixed.status_code in (200, 201), fixed.text

    pending = _export(h, tmp_path / "pending")

    assert pending.claims == 0
    version = fixed.json()["estimate_version"]
    assert h.client.post(f"/claims/{claim_id}/estimates/{version}/approve", headers=adjuster).status_code == 200
    _export(h, tmp_path / "approved")
    manifest = json.loads((tmp_path / "approved" / "manifest.json").read_text())
    ((image,),) = [[i for i in manifest["images"] if i["claim_id"] == claim_id]]
    assert [(f["status"], f["part"]) for f in image["findings"]] == [("changed", "trunk")]
