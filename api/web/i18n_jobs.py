"""Page text of the jobs card (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

JOB_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "job.title": ("处理进度", "Progress"),
    "job.assessment": ("AI定损", "AI assessment"),
    "job.document_reading": ("单证识别", "Document reading"),
    "job.queued": ("排队中", "Queued"),
    "job.running": ("进行中", "Running"),
    "job.succeeded": ("已完成", "Done"),
    "job.failed": ("失败", "Failed"),
    "job.progress": ("已完成", "Done"),
    "job.attempt": ("第几次尝试", "Attempt"),
    "job.retrying": ("上次失败，稍后自动重试。", "The last try failed; it is retried shortly."),
    "job.failed_hint": ("多次尝试仍未成功，请稍后重新提交。", "It failed after every try; please ask again later."),
    "job.refreshing": ("本页每隔几秒自动刷新。", "This page refreshes every few seconds."),
}
