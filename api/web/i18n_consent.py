"""Page text of the customer's training consent on the claim page (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

CONSENT_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "consent.title": ("照片用于改进识别模型", "Photos for improving the models"),
    "consent.given": (
        "您已同意将本案照片用于训练定损识别模型。",
        "You allowed this claim's photos to train the models.",
    ),
    "consent.given_at": ("同意时间", "Given"),
    "consent.withdrawn": (
        "您已撤回同意：今后导出的训练数据不再包含本案照片。",
        "You withdrew your consent: training data exported from now on leaves this claim's photos out.",
    ),
    "consent.withdrawn_at": ("撤回时间", "Withdrawn"),
    "consent.never": ("您未同意将本案照片用于训练模型。", "You have not allowed this claim's photos for training."),
    "consent.explain": (
        "是否同意不影响理赔和定损结果；您可以随时撤回或重新同意。照片在用于训练前会去除位置和拍摄信息。",
        "Your answer does not affect the claim or its assessment; you may withdraw or give it again at any time."
        " Photos used for training carry no location or capture details.",
    ),
    "consent.withdraw": ("撤回同意", "Withdraw consent"),
    "consent.give": ("同意用于训练", "Allow for training"),
    "audit.training_consent_given": ("客户同意照片用于模型训练", "Training consent given"),
    "audit.training_consent_withdrawn": ("客户撤回照片训练授权", "Training consent withdrawn"),
}
