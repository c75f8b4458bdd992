"""The neutral-wording check (the seed's 规范服务话术): staff text that reaches a customer avoids
"不可能", "不行", "你们不懂", "按规定", "公司规定" and says instead what the clause provides or what
will be verified. One function, :func:`ensure_neutral`, is called by every service that sends
staff free text to a customer, so the API and the pages refuse the same text the same way.

>>> [f.phrase for f in check("这个不可能赔，按公司规定办")]
['不可能', '公司规定']
>>> check("根据条款第十条，目前暂不支持该项目，我们会进一步核实。")
()
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from api.disputes.errors import NonNeutralWording

# phrase → the neutral wording to use instead (the seed's own examples).
SUGGESTIONS: Final[dict[str, str]] = {
    "不可能": "根据条款规定，目前暂不支持……（请引用具体条款）",
    "不行": "我们需要进一步核实……",
    "你们不懂": "我们再为您逐项说明一下……",
    "按规定": "根据条款第X条规定……（请写明条款和依据）",
    "公司规定": "根据条款第X条规定……（请写明条款和依据）",
    "impossible": "Under clause X of the policy this is not covered at present…",
    "company rules": "Under clause X of the policy… (cite the clause)",
    "company policy": "Under clause X of the policy… (cite the clause)",
    "you don't understand": "Let us go through it item by item…",
}
# Longer phrases first, so "按公司规定" is reported once, as 公司规定.
PHRASES: Final = tuple(sorted(SUGGESTIONS, key=len, reverse=True))
# Words that contain a phrase but are not it (不行驶: not driven; 不行使: not exercised; 行不行: a
# polite question).
NOT_PHRASES: Final = ("不行驶", "不行使", "行不行")
_TRADITIONAL: Final = str.maketrans({"規": "规", "們": "们", "駛": "驶"})
_SPACES: Final = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True, slots=True)
class Finding:
    phrase: str
    suggestion: str
    field: str = ""

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "phrase": self.phrase, "suggestion": self.suggestion}


def normalise(text: str) -> str:
    """Full-width to half-width, traditional forms of the phrases to simplified, no spaces
    (``不 可 能`` is still 不可能), curly apostrophes straight, lower case."""
    folded = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).replace("’", "'")
    return _SPACES.sub("", folded).lower()


def check(text: str, *, field: str = "") -> tuple[Finding, ...]:
    """The phrases to avoid in ``text``, each once, in the order they first appear."""
    plain = normalise(text)
    for word in NOT_PHRASES:
        plain = plain.replace(word, "□" * len(word))
    found: list[tuple[int, str]] = []
    taken = [False] * len(plain)
    for phrase in PHRASES:
        key = phrase.replace(" ", "")
        for match in re.finditer(re.escape(key), plain):
            span = range(match.start(), match.end())
            if any(taken[i] for i in span):
                continue
            for i in span:
                taken[i] = True
            if phrase not in (p for _, p in found):
                found.append((match.start(), phrase))
    return tuple(Finding(p, SUGGESTIONS[p], field) for _, p in sorted(found))


def ensure_neutral(**fields: str | None) -> None:
    """Refuse (422, ``non-neutral-wording``) when any field uses wording to avoid; the problem
    lists each phrase with its field and the suggested wording."""
    findings = [f for name, text in fields.items() if text for f in check(text, field=name)]
    if findings:
        listed = "；".join(f"“{f.phrase}” → {f.suggestion}" for f in findings)
        raise NonNeutralWording(
            f"发送给客户前请修改用语（rephrase before it is sent to the customer）：{listed}",
            phrases=[f.to_json() for f in findings],
        )
