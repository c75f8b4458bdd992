"""One FAQ base (``faq.json``, versioned) for the FAQ page, the answer box, the API and the
staff pages: the same answer wherever it is read.

A question is answered by keyword: each entry's keywords (Chinese and English) found in the
question score by their length, so "免赔额是什么" finds the deductible and "进度" the progress
entry; no keyword found means no answer rather than a guess.

>>> [answer(q)[0].id for q in ("免赔额是什么", "如何拍照定损", "进度")]
['deductible', 'photos', 'progress']
>>> answer("天气怎么样")
[]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

FAQ_FILE: Final = Path(__file__).with_name("faq.json")
MAX_QUESTION = 200


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question_zh: str
    question_en: str
    keywords: tuple[str, ...]
    answer_zh: tuple[str, ...]
    answer_en: tuple[str, ...]


@dataclass(frozen=True)
class FaqBase:
    version: str
    entries: tuple[FaqEntry, ...]


@lru_cache
def base() -> FaqBase:
    raw = json.loads(FAQ_FILE.read_text(encoding="utf-8"))
    entries = tuple(
        FaqEntry(
            id=e["id"],
            question_zh=e["question_zh"],
            question_en=e["question_en"],
            keywords=tuple(k.lower() for k in e["keywords"]),
            answer_zh=tuple(e["answer_zh"]),
            answer_en=tuple(e["answer_en"]),
        )
        for e in raw["entries"]
    )
    return FaqBase(raw["version"], entries)


def answer(question: str, *, limit: int = 3) -> list[FaqEntry]:
    """The entries that answer ``question``, best first (at most ``limit``)."""
    text = question[:MAX_QUESTION].lower()
    scored = []
    for index, entry in enumerate(base().entries):
        score = sum(len(k) for k in entry.keywords if k in text)
        if score:
            scored.append((-score, index, entry))
    return [entry for _, _, entry in sorted(scored)[:limit]]
