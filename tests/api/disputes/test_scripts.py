"""The script library (issue 14 item 6): scripts for each stage of a complaint — 接诉, 解释, 跟进 —
in Chinese and English, none using wording the neutral-wording check refuses; and the stage a
complaint is in picks the scripts the handler is shown."""

from __future__ import annotations

import pytest

from api.disputes.scripts import LIBRARY, Script, Stage, for_stage, stage_of
from api.disputes.states import ComplaintStatus
from api.disputes.wording import check


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_scripts(stage: Stage) -> None:
    scripts = for_stage(stage)
    assert len(scripts) >= 2 and all(s.stage is stage for s in scripts)
    assert len({s.key for s in scripts}) == len(scripts)


@pytest.mark.parametrize("script", LIBRARY, ids=[f"{s.stage}-{s.key}" for s in LIBRARY])
def test_every_script_passes_the_wording_check(script: Script) -> None:
    texts = (script.title_zh, script.text_zh, script.title_en, script.text_en)
    assert all(text.strip() for text in texts)
    assert [f.phrase for text in texts for f in check(text)] == []


@pytest.mark.parametrize(
    ("status", "analysed", "stage"),
    [
        (ComplaintStatus.OPEN, False, Stage.INTAKE),
        (ComplaintStatus.OPEN, True, Stage.EXPLANATION),
        (ComplaintStatus.PENDING_APPROVAL, False, Stage.EXPLANATION),
        (ComplaintStatus.AWAITING_CONFIRMATION, True, Stage.FOLLOW_UP),
        (ComplaintStatus.CLOSED, False, Stage.FOLLOW_UP),
    ],
)
def test_the_complaints_stage_picks_the_scripts(status: ComplaintStatus, analysed: bool, stage: Stage) -> None:
    assert stage_of(status, analysed=analysed) is stage
