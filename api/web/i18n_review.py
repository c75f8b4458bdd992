"""Page text of the adjuster's review workspace on the photos (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

REVIEW_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "review.workspace": ("照片复核", "Review on the photos"),
    "review.hint": (
        "点击框选中损伤；按“画框”后在照片上拖动，框出漏检损伤，再在下方表单中选择类型、部位和程度。",
        "Click a box to select its finding; press Draw, then drag on a photo to box a missed damage and"
        " choose its type, part and severity in the form below.",
    ),
    "review.draw": ("画框补录", "Draw a box"),
    "review.zoom_in": ("放大", "Zoom in"),
    "review.zoom_out": ("缩小", "Zoom out"),
    "review.zoom_reset": ("复原", "Fit"),
    "review.original": ("查看原图", "Open the original"),
    "review.photos_in_workspace": (
        "照片见下方“照片复核”（大图、可放大）",
        "The photos are in the review below (large, with zoom)",
    ),
    "review.no_findings": ("本照片未识别到损伤", "No damage found on this photo"),
    "review.box": ("框选位置（像素）", "Box (pixels)"),
    "review.diagram": ("点击车身示意图选择部位", "Click the car diagram to choose the part"),
    "review.picked": ("已选部位", "Chosen part"),
    "review.shortcuts": ("键盘快捷键", "Keyboard shortcuts"),
    "review.key.draw": ("画框补录漏检损伤", "Draw a box for a missed damage"),
    "review.key.next": ("下一处 / 上一处损伤", "Next / previous finding"),
    "review.key.edit": ("更正选中的损伤", "Correct the selected finding"),
    "review.key.reject": ("驳回选中的损伤（回车确认）", "Reject the selected finding (Enter confirms)"),
    "review.key.zoom": ("放大 / 缩小 / 复原当前照片", "Zoom in / out / fit the current photo"),
    "review.key.part": ("为无照片的部位定作业方式", "Operation on a part no photo shows"),
    "review.key.line": ("新增项目（四轮定位、辅料等）", "Add a line (wheel alignment, consumables…)"),
    "review.key.help": ("显示 / 隐藏本说明", "Show / hide this list"),
    # an estimate line's review marks (pricing.LineFlag), shown to staff
    "flag.needs_manual_pricing": ("待人工核价", "To be priced by hand"),
    "flag.needs_adjuster": ("待定损员确认", "For the adjuster to confirm"),
    "flag.vehicle_class_fallback": ("按车辆级别取价", "Priced by vehicle class"),
    "flag.region_fallback": ("按上级/默认地区费率", "Parent or default region's rate"),
    "flag.price_type_fallback": ("改用其他价格类型", "Another price type used"),
    "flag.rule_not_evaluated": ("规则未能评估", "Rule not evaluated"),
    "flag.edited": ("已人工调整", "Edited by hand"),
    "review.no_js": (
        "未启用脚本时，可直接在下方表单填写框选坐标。",
        "Without scripts, type the box in the form below.",
    ),
}
