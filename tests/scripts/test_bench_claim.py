"""The claim report states each figure against its target (the script itself needs the models and
../shared photos for real figures; here its report is computed from given numbers)."""

from __future__ import annotations

from scripts.bench_claim import phone_photos, report


def _measured(claim_s: float) -> dict[str, object]:
    return {
        "source": "generated",
        "photos": 10,
        "repeats": 5,
        "photos_at_once": 2,
        "threads": 1,
        "models": "damage-detector 1.0.0",
        "decode_ms": 52.5,
        "models_ms": 33.0,
        "claim_s": claim_s,
    }


def test_each_step_is_met_or_missed_against_its_target() -> None:
    text = report(_measured(2.4), command="python scripts/bench_claim.py", commit="abc", load="1 1 1")

    assert "| decode one 12 MP JPEG to the models' 640 px | 52.5 ms | ≤ 40 ms | missed |" in text
    assert "| 33.0 ms | ≤ 120 ms | met |" in text
    assert "| 2.40 s | ≤ 2 s | missed |" in text
    assert "`python scripts/bench_claim.py`" in text and "commit abc" in text


def test_phone_photos_are_12_megapixel_jpegs() -> None:
    from io import BytesIO

    from PIL import Image

    files, source = phone_photos(1)

    with Image.open(BytesIO(files[0])) as image:
        assert (image.format, image.size) == ("JPEG", (4000, 3000))
    assert "enlarged to 4000x3000" in source
