"""Page text of the adjuster's review workspace on the photos (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# The damaged-part model's families (inference.damaged_parts.FAMILIES), side and end not told.
FAMILY_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "bumper": ("保险杠（前或后）", "bumper (front or rear)"),
    "hood": ("发动机盖", "hood"),
    "trunk_lid": ("行李箱盖或尾门", "trunk lid or tailgate"),
    "roof": ("车顶", "roof"),
    "front_fender": ("前翼子板", "front fender"),
    "rear_quarter": ("后翼子板", "rear quarter panel"),
    "door": ("车门", "door"),
    "rocker": ("门槛", "rocker panel"),
    "lamp": ("车灯（前或后）", "lamp (head or tail)"),
    "headlamp": ("前大灯", "headlamp"),
    "tail_lamp": ("尾灯", "tail lamp"),
    "fog_lamp": ("雾灯", "fog lamp"),
    "mirror": ("后视镜", "side mirror"),
    "windscreen": ("前挡风玻璃", "windscreen"),
    "rear_window": ("后挡风玻璃", "rear window"),
    "side_window": ("车窗玻璃", "side window"),
    "grille": ("中网", "grille"),
    "wheel": ("轮毂", "wheel rim"),
    "tyre": ("轮胎", "tyre"),
    "plate": ("号牌", "plate"),
}

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
    # While the part is unknown, the damaged-part model's family (part_method hint:<family>[:<side>]).
    "review.part_hint": ("AI 提示：可能是", "AI hint: probably"),
    "review.part_source": ("部位来源", "Part named by"),
    "source.car_parts_segmenter": ("整车部件模型", "the whole-car part model"),
    "source.damaged_part_model": ("损伤部件模型", "the damaged-part model"),
    "source.capture_zone": ("客户拍摄时选择的部位", "the customer's capture zone"),
    "source.adjuster": ("定损员", "the adjuster"),
    **{f"family.{family}": pair for family, pair in FAMILY_NAMES.items()},
}
