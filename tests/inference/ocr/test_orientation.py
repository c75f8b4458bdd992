from __future__ import annotations

import numpy as np
import pytest

from inference.ocr.lines import TextLines, sub_quad
from inference.ocr.orientation import orient, quarter_turns, skew_degrees, upright
from tests.inference.ocr.fakes import FakeOcrEngine, lines_from

ROWS = [
    ("号牌号码沪A12345", (60, 100, 400, 140)),
    ("车辆类型小型轿车", (500, 100, 800, 140)),
    ("注册日期2019-07-02", (60, 300, 400, 340)),
]


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_rot90_matches_numpy(k: int) -> None:
    image = np.zeros((50, 100), np.uint8)
    image[10, 30] = 1
    lines = lines_from([("x", (30, 10, 31, 11))], resolution_wh=(100, 50))
    turned = np.rot90(image, k)
    y, x = np.argwhere(turned == 1)[0]
    moved = lines.rot90(k)
    assert moved.resolution_wh == (turned.shape[1], turned.shape[0])
    # the pixel's cell [x, x+1) x [y, y+1) is where the moved box is
    assert moved.xyxy[0].tolist() == [x, y, x + 1, y + 1]


def test_four_quarter_turns_are_the_identity() -> None:
    lines = lines_from(ROWS)
    back = lines.rot90(1).rot90(1).rot90(1).rot90(1)
    np.testing.assert_allclose(back.quad, lines.quad)


@pytest.mark.parametrize(
    ("sideways", "prefer", "expected"),
    [(False, "first", 0), (False, "second", 2), (True, "first", 1), (True, "second", 3)],
)
def test_quarter_turns_follow_the_more_confident_reading(sideways: bool, prefer: str, expected: int) -> None:
    lines = lines_from(ROWS)
    image = np.full((700, 1000, 3), 255, np.uint8)
    if sideways:
        lines, image = lines.rot90(1), np.ascontiguousarray(np.rot90(image, 1))
    engine = FakeOcrEngine(lines, prefer=prefer)
    assert quarter_turns(image, lines, engine) == expected
    assert engine.recognize_calls == 1  # one batch: both hypotheses at once


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_lines_that_say_how_they_were_turned_vote_and_nothing_is_read_again(k: int) -> None:
    lines = lines_from(ROWS)
    turns = np.array([k, k, (k + 2) % 4], np.int8)  # one line misclassified: outvoted
    voting = TextLines(lines.text, lines.quad, lines.confidence, lines.resolution_wh, turns)
    engine = FakeOcrEngine(voting, prefer="second")
    assert quarter_turns(np.full((700, 1000, 3), 255, np.uint8), voting, engine) == k
    assert engine.recognize_calls == 0


def test_one_character_lines_do_not_vote() -> None:
    base = lines_from([("号", (0, 0, 10, 10)), ("号牌号码沪A12345", (60, 100, 400, 140))])
    voting = TextLines(base.text, base.quad, base.confidence, base.resolution_wh, np.array([2, 0], np.int8))
    assert quarter_turns(np.full((700, 1000, 3), 255, np.uint8), voting, FakeOcrEngine(voting)) == 0


def test_selecting_lines_keeps_their_turns_and_turning_the_frame_forgets_them() -> None:
    base = lines_from(ROWS)
    lines = TextLines(base.text, base.quad, base.confidence, base.resolution_wh, np.array([0, 1, 2], np.int8))
    assert lines[[2, 0]].turns is not None and lines[[2, 0]].turns.tolist() == [2, 0]
    assert lines.rot90(1).turns is None  # the turns are those of the frame the lines were read in
    with pytest.raises(ValueError, match="turns"):
        TextLines(base.text, base.quad, base.confidence, base.resolution_wh, np.zeros(2, np.int8))


def test_no_lines_means_no_turn() -> None:
    assert quarter_turns(np.zeros((10, 10, 3), np.uint8), TextLines.empty((10, 10)), FakeOcrEngine([])) == 0


@pytest.mark.parametrize("degrees", [-4.0, 0.0, 3.0])
def test_skew_is_measured_and_removed(degrees: float) -> None:
    lines = lines_from(ROWS).rotate(-degrees)  # a photo turned by -degrees
    assert skew_degrees(lines) == pytest.approx(degrees, abs=0.05)
    fixed = orient(lines, 0).layout
    assert skew_degrees(fixed) == pytest.approx(0, abs=0.6)


def test_upright_keeps_original_pixels_for_boxes() -> None:
    lines = lines_from(ROWS)
    image = np.full((700, 1000, 3), 255, np.uint8)
    result = upright(image, lines, FakeOcrEngine(lines))
    np.testing.assert_allclose(result.lines.quad, lines.quad)
    assert result.quarter_turns == 0


def test_sub_quad_of_a_whole_line_is_the_line() -> None:
    quad = lines_from(ROWS).quad[0]
    np.testing.assert_allclose(sub_quad(quad, 0, 10, 10), quad)
