"""Draw each kind of claim document from ground truth; ``augment`` then makes it a photo."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from inference.ocr.fields import DocumentKind
from training.ocr_synth.identities import (
    Person,
    Policy,
    Quote,
    Vehicle,
    fake_person,
    fake_policy,
    fake_quote,
    fake_vehicle,
    random_date,
)

INK = (25, 25, 30)
LABEL = (60, 90, 140)
RED = (200, 30, 30)


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """Noto Sans SC / Noto Serif SC from the ``pylopdf-fonts-zh-cn`` package (SIL OFL)."""
    import pylopdf_fonts_zh_cn  # type: ignore[import-not-found,unused-ignore]

    return Path(pylopdf_fonts_zh_cn.__file__).resolve().parent


@lru_cache(maxsize=64)
def font(size: int, serif: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSerifSC-Regular.otf" if serif else "NotoSansSC-Regular.otf"
    return ImageFont.truetype(str(font_dir() / name), size)


@dataclass
class Rendered:
    kind: DocumentKind
    image: Image.Image
    truth: dict[str, str]
    items: list[dict[str, str]]


def money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


class Sheet:
    """A blank document with helpers to write labels and values at positions."""

    def __init__(
        self, width: int, height: int, rng: random.Random, paper: tuple[int, int, int] = (246, 244, 236)
    ) -> None:
        self.rng = rng
        self.image = Image.new("RGB", (width, height), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.serif = rng.random() < 0.5
        for _ in range(rng.randrange(10, 30)):  # faint guilloche-like background strokes
            x0, y0 = rng.randrange(width), rng.randrange(height)
            tint = tuple(max(0, c - rng.randrange(8, 22)) for c in paper)
            self.draw.arc(
                (x0 - 300, y0 - 200, x0 + 300, y0 + 200), rng.randrange(360), rng.randrange(360), fill=tint, width=1
            )

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int = 30,
        *,
        colour: tuple[int, int, int] = INK,
        serif: bool | None = None,
        spacing: int = 0,
    ) -> float:
        face = font(size, self.serif if serif is None else serif)
        x, y = xy
        if not spacing:
            self.draw.text((x, y), text, font=face, fill=colour)
            return x + self.draw.textlength(text, font=face)
        for ch in text:
            self.draw.text((x, y), ch, font=face, fill=colour)
            x += self.draw.textlength(ch, font=face) + spacing
        return x

    def pair(self, xy: tuple[float, float], label: str, value: str, size: int = 30, gap: int = 20) -> None:
        end = self.text(xy, label, size, colour=LABEL, serif=False)
        self.text((end + gap, xy[1]), value, size)

    def grid(self, box: tuple[int, int, int, int], rows: int, colour: tuple[int, int, int] = (120, 120, 130)) -> None:
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, outline=colour, width=2)
        for i in range(1, rows):
            y = y0 + (y1 - y0) * i // rows
            self.draw.line((x0, y, x1, y), fill=colour, width=1)

    def stamp(self, centre: tuple[int, int], radius: int, text: str, *, text_size: int | None = None) -> None:
        """A translucent red seal over whatever is beneath (as on real documents)."""
        self.image = stamp_on(self.image, self.rng, centre, radius, text, text_size=text_size)
        self.draw = ImageDraw.Draw(self.image)

    def photo_box(self, box: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, fill=(215, 220, 228))
        cx = (x0 + x1) // 2
        self.draw.ellipse((cx - 50, y0 + 40, cx + 50, y0 + 150), fill=(150, 155, 165))
        self.draw.pieslice((x0 + 20, y0 + 150, x1 - 20, y1 + 120), 180, 360, fill=(150, 155, 165))


def stamp_on(
    image: Image.Image,
    rng: random.Random,
    centre: tuple[int, int],
    radius: int,
    text: str,
    *,
    alpha: int | None = None,
    text_size: int | None = None,
) -> Image.Image:
    """``image`` with a translucent red seal drawn over it (its words ``text_size`` px high, default radius / 5)."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    alpha = rng.randrange(90, 170) if alpha is None else alpha
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=(*RED, alpha), width=5)
    draw.text((cx - radius * 0.25, cy - radius * 0.3), "★", font=font(int(radius * 0.5)), fill=(*RED, alpha))
    face = font(text_size or max(12, radius // 5))
    width = draw.textlength(text, font=face)
    draw.text((cx - width / 2, cy + radius * 0.3), text, font=face, fill=(*RED, alpha))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def dot(d: date) -> str:
    return f"{d:%Y.%m.%d}"


def dash(d: date) -> str:
    return f"{d:%Y-%m-%d}"


def render_id_front(rng: random.Random, p: Person) -> Rendered:
    s = Sheet(1000, 630, rng)
    s.pair((70, 60), "姓名", p.name, 34)
    s.pair((70, 140), "性别", p.sex, 30)
    s.pair((320, 140), "民族", p.ethnicity, 30)
    s.text((70, 220), "出生", 30, colour=LABEL, serif=False)
    s.text((170, 220), f"{p.birth_date.year}年{p.birth_date.month}月{p.birth_date.day}日", 30)
    s.text((70, 300), "住址", 30, colour=LABEL, serif=False)
    chunks = [p.address[i : i + 13] for i in range(0, len(p.address), 13)]
    for row, chunk in enumerate(chunks[:3]):
        s.text((170, 300 + row * 48), chunk, 30)
    s.text((70, 530), "公民身份号码", 30, colour=LABEL, serif=False)
    s.text((340, 525), p.id_number, 36, serif=False, spacing=rng.choice((2, 4, 6)))
    s.photo_box((690, 70, 930, 390))
    truth = {
        "name": p.name,
        "sex": p.sex,
        "ethnicity": p.ethnicity,
        "birth_date": p.birth_date.isoformat(),
        "address": p.address,
        "id_number": p.id_number,
    }
    return Rendered(DocumentKind.ID_CARD_FRONT, s.image, truth, [])


def render_id_back(rng: random.Random, p: Person) -> Rendered:
    s = Sheet(1000, 630, rng)
    s.draw.ellipse((60, 50, 220, 210), outline=RED, width=6)
    s.text((110, 100), "徽", 60, colour=RED)
    s.text((330, 80), "中华人民共和国", 52, serif=True, spacing=6)
    s.text((330, 190), "居民身份证", 64, serif=True, spacing=18)
    issued = random_date(rng, date(2006, 1, 1), date(2025, 12, 31))
    years = rng.choice((5, 10, 20, None))
    until = "长期" if years is None else dot(issued.replace(year=issued.year + years))
    authority = p.region[1][-6:].lstrip("省市") + rng.choice(("公安局", "公安分局"))
    s.pair((190, 450), "签发机关", authority, 30, gap=40)
    s.pair((190, 520), "有效期限", f"{dot(issued)}-{until}", 30, gap=40)
    truth = {
        "issuing_authority": authority,
        "valid_from": issued.isoformat(),
        "valid_until": until if until == "长期" else issued.replace(year=issued.year + (years or 0)).isoformat(),
    }
    return Rendered(DocumentKind.ID_CARD_BACK, s.image, truth, [])


def render_driving_licence(rng: random.Random, p: Person, licence_class: str) -> Rendered:
    s = Sheet(1000, 680, rng, paper=(240, 242, 246))
    s.text((190, 30), "中华人民共和国机动车驾驶证", 40, serif=True)
    s.pair((60, 110), "证号", p.id_number, 30, gap=30)
    s.grid((50, 160, 950, 640), 6)
    s.pair((70, 180), "姓名", p.name, 30)
    s.pair((330, 180), "性别", p.sex, 30)
    s.pair((500, 180), "国籍", "中国", 30)
    s.pair((70, 260), "住址", p.address[:22], 28)
    s.pair((70, 340), "出生日期", dash(p.birth_date), 28)
    first = random_date(rng, date(max(p.birth_date.year + 18, 2000), 1, 1), date(2025, 6, 30))
    s.pair((70, 420), "初次领证日期", dash(first), 28)
    s.pair((70, 500), "准驾车型", licence_class, 30)
    start = first.replace(year=first.year + rng.choice((0, 6)))
    end = start.replace(year=start.year + rng.choice((6, 10)))
    s.pair((70, 580), "有效期限", f"{dash(start)}至{dash(end)}", 28)
    s.photo_box((720, 200, 920, 460))
    s.stamp((560, 520), 90, "交通警察支队")
    truth = {
        "licence_number": p.id_number,
        "name": p.name,
        "sex": p.sex,
        "nationality": "中国",
        "address": p.address[:22],
        "birth_date": p.birth_date.isoformat(),
        "first_issue_date": first.isoformat(),
        "licence_class": licence_class,
        "valid_from": start.isoformat(),
        "valid_until": end.isoformat(),
    }
    return Rendered(DocumentKind.DRIVING_LICENCE, s.image, truth, [])


def render_vehicle_licence(rng: random.Random, owner: Person, v: Vehicle) -> Rendered:
    s = Sheet(1000, 680, rng, paper=(238, 243, 240))
    s.text((200, 25), "中华人民共和国机动车行驶证", 40, serif=True)
    s.grid((40, 90, 960, 650), 7)
    s.pair((60, 105), "号牌号码", v.plate, 30)
    s.pair((520, 105), "车辆类型", v.vehicle_type, 30)
    s.pair((60, 185), "所有人", owner.name, 30)
    s.pair((60, 265), "住址", owner.address[:24], 26)
    s.pair((60, 345), "使用性质", v.use_character, 28)
    s.pair((480, 345), "品牌型号", v.model, 28)
    s.pair((60, 425), "车辆识别代号", v.vin, 30)
    s.pair((60, 505), "发动机号码", v.engine_number, 30)
    s.pair((60, 585), "注册日期", dash(v.registration_date), 28)
    s.pair((520, 585), "发证日期", dash(v.issue_date), 28)
    # The issuing authority (发证机关) is the seal's wording: "深圳市公安局交通警察支队".
    authority = vehicle_authority(owner)
    s.stamp((rng.randrange(700, 790), rng.randrange(470, 530)), 135, authority, text_size=21)
    truth = {
        "plate": v.plate,
        "vehicle_type": v.vehicle_type,
        "owner": owner.name,
        "address": owner.address[:24],
        "use_character": v.use_character,
        "model": v.model,
        "vin": v.vin,
        "engine_number": v.engine_number,
        "registration_date": v.registration_date.isoformat(),
        "issue_date": v.issue_date.isoformat(),
        "issuing_authority": authority,
    }
    return Rendered(DocumentKind.VEHICLE_LICENCE, s.image, truth, [])


def vehicle_authority(owner: Person) -> str:
    """The traffic police detachment of the owner's city: "广东省深圳市南山区" → "深圳市公安局交通警察支队"."""
    region = owner.region[1]
    city = region.split("省", 1)[-1].split("市", 1)[0] + "市"
    return f"{city}公安局交通警察支队"


def render_vehicle_licence_second(rng: random.Random, v: Vehicle) -> Rendered:
    s = Sheet(1000, 680, rng, paper=(238, 243, 240))
    s.grid((40, 40, 960, 640), 6)
    s.pair((60, 60), "号牌号码", v.plate, 30)
    s.pair((500, 60), "档案编号", v.file_number, 30)
    s.pair((60, 160), "核定载人数", f"{v.passengers}人", 30)
    s.pair((500, 160), "总质量", f"{v.gross_mass_kg}kg", 30)
    s.pair((60, 260), "整备质量", f"{v.curb_mass_kg}kg", 30)
    s.pair((500, 260), "核定载质量", "--", 30)
    s.pair((60, 360), "外廓尺寸", f"{v.dimensions}mm", 30)
    inspect = date(2026 + rng.randrange(3), rng.randrange(1, 13), 1)
    s.pair((60, 460), "检验记录", f"检验有效期至{inspect.year}年{inspect.month:02d}月", 30)
    truth = {
        "plate": v.plate,
        "file_number": v.file_number,
        "approved_passengers": str(v.passengers),
        "gross_mass": str(v.gross_mass_kg),
        "curb_mass": str(v.curb_mass_kg),
        "dimensions": v.dimensions,
        "inspection_valid_until": f"{inspect.year}-{inspect.month:02d}",
    }
    return Rendered(DocumentKind.VEHICLE_LICENCE_SECOND, s.image, truth, [])


def render_policy(rng: random.Random, policy: Policy) -> Rendered:
    s = Sheet(1100, 1400, rng, paper=(250, 250, 247))
    v, p = policy.vehicle, policy.insured
    title = "机动车交通事故责任强制保险单" if policy.compulsory else "机动车商业保险保险单"
    s.text((550 - len(title) * 21, 40), title, 42, serif=True)
    s.text((60, 130), f"保险单号：{policy.policy_number}", 26)
    s.grid((50, 180, 1050, 480), 4)
    s.pair((70, 200), "被保险人", p.name, 28)
    s.pair((560, 200), "身份证号码", p.id_number, 28)
    s.pair((70, 275), "号牌号码", v.plate, 28)
    s.pair((560, 275), "厂牌型号", v.model, 28)
    s.pair((70, 350), "发动机号", v.engine_number, 28)
    s.pair((70, 425), "车辆识别代号", v.vin, 28)
    s.grid((50, 520, 1050, 560 + 60 * len(policy.covers)), len(policy.covers) + 1)
    limit_head = "责任限额（元）" if policy.compulsory else "保险金额（元）"
    # Commercial: cover | sum insured | deductible per accident | premium; compulsory: cover | limit.
    x_limit, x_deductible, x_premium = (600, 0, 0) if policy.compulsory else (530, 750, 900)
    s.text((70, 528), "承保险种", 26, colour=LABEL)
    s.text((x_limit, 528), limit_head, 26 if policy.compulsory else 22, colour=LABEL)
    if not policy.compulsory:
        s.text((x_deductible, 528), "免赔（元）", 22, colour=LABEL)
        s.text((x_premium, 528), "保险费（元）", 22, colour=LABEL)
    items = []
    row_h = (560 + 60 * len(policy.covers) - 520) / (len(policy.covers) + 1)
    for i, (name, limit, premium) in enumerate(policy.covers):
        y = 520 + row_h * (i + 1) + 8
        s.text((70, y), name, 24)
        s.text((x_limit, y), money(limit), 26)
        item = {"cover": name, "sum_insured": money(limit)}
        if not policy.compulsory:
            deductible = policy.cover_deductibles[i]
            s.text((x_deductible, y), money(deductible), 26)
            s.text((x_premium, y), money(premium), 26)
            item["deductible"] = money(deductible)
            item["premium"] = money(premium)
        items.append(item)
    y = 600 + 60 * len(policy.covers)
    s.text((60, y), f"保险费合计：¥{money(policy.total_premium)}元", 28)
    truth = {
        "policy_number": policy.policy_number,
        "insured": p.name,
        "insured_id_number": p.id_number,
        "plate": v.plate,
        "model": v.model,
        "engine_number": v.engine_number,
        "vin": v.vin,
        "period_start": policy.period_start.isoformat(),
        "period_end": policy.period_end.isoformat(),
        "total_premium": money(policy.total_premium),
    }
    if policy.deductible is not None:
        s.text((60, y + 70), f"绝对免赔额：{money(policy.deductible)}元", 28)
        truth["deductible"] = money(policy.deductible)
    s.text(
        (60, y + 140),
        f"保险期间：自{policy.period_start:%Y年%m月%d日}00时起至{policy.period_end:%Y年%m月%d日}24时止",
        26,
    )
    s.text((60, y + 260), f"保险人：{policy.insurer}", 26)
    s.text((60, y + 330), f"签单日期：{policy.period_start:%Y-%m-%d}", 26)
    s.stamp((rng.randrange(300, 700), y + 280), 110, "保险合同专用章")
    kind = DocumentKind.POLICY_COMPULSORY if policy.compulsory else DocumentKind.POLICY_COMMERCIAL
    return Rendered(kind, s.image, truth, items)


def render_quote(rng: random.Random, quote: Quote) -> Rendered:
    s = Sheet(1100, 1300, rng, paper=(252, 252, 250))
    s.text((370, 40), "机动车维修估价单", 44, serif=True)
    s.text((60, 130), f"维修企业：{quote.shop}", 28)
    s.text((60, 190), f"车牌号码：{quote.plate}", 28)
    s.text((620, 190), f"估价日期：{quote.quote_date:%Y-%m-%d}", 28)
    s.text((60, 250), f"VIN：{quote.vin}", 28)
    columns = (70, 160, 460, 640, 740, 900)
    s.grid((50, 310, 1050, 370 + 60 * len(quote.lines)), len(quote.lines) + 1)
    for x, head in zip(columns, ("序号", "项目名称", "维修方式", "数量", "单价", "金额"), strict=True):
        s.text((x, 320), head, 26, colour=LABEL)
    items = []
    for i, line in enumerate(quote.lines):
        y = 310 + (60 * (len(quote.lines) + 1)) / (len(quote.lines) + 1) * (i + 1) + 12
        for x, cell in zip(
            columns,
            (str(i + 1), line.part, line.operation, str(line.quantity), money(line.unit_price), money(line.amount)),
            strict=True,
        ):
            s.text((x, y), cell, 26)
        items.append(
            {
                "part": line.part,
                "operation": line.operation,
                "quantity": str(line.quantity),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
            }
        )
    y = 420 + 60 * len(quote.lines)
    s.text((60, y), f"配件合计：¥{money(quote.parts_total)}", 28)
    s.text((60, y + 60), f"工时费合计：¥{money(quote.labour_total)}", 28)
    s.text((60, y + 120), f"总计：¥{money(quote.total)}", 30)
    s.stamp((rng.randrange(650, 900), y + 80), 100, "维修专用章")
    truth = {
        "shop": quote.shop,
        "plate": quote.plate,
        "vin": quote.vin,
        "quote_date": quote.quote_date.isoformat(),
        "parts_total": money(quote.parts_total),
        "labour_total": money(quote.labour_total),
        "total": money(quote.total),
    }
    return Rendered(DocumentKind.REPAIR_QUOTE, s.image, truth, items)


def render(kind: DocumentKind, rng: random.Random) -> Rendered:
    """A fresh document of ``kind`` with new random people, vehicle and amounts."""
    person = fake_person(rng)
    vehicle = fake_vehicle(rng, person)
    makers: dict[DocumentKind, Callable[[], Rendered]] = {
        DocumentKind.ID_CARD_FRONT: lambda: render_id_front(rng, person),
        DocumentKind.ID_CARD_BACK: lambda: render_id_back(rng, person),
        DocumentKind.DRIVING_LICENCE: lambda: render_driving_licence(
            rng, person, rng.choice(("C1", "C1", "C2", "B2", "A2", "C1E"))
        ),
        DocumentKind.VEHICLE_LICENCE: lambda: render_vehicle_licence(rng, person, vehicle),
        DocumentKind.VEHICLE_LICENCE_SECOND: lambda: render_vehicle_licence_second(rng, vehicle),
        DocumentKind.POLICY_COMPULSORY: lambda: render_policy(rng, fake_policy(rng, person, vehicle, compulsory=True)),
        DocumentKind.POLICY_COMMERCIAL: lambda: render_policy(rng, fake_policy(rng, person, vehicle, compulsory=False)),
        DocumentKind.REPAIR_QUOTE: lambda: render_quote(rng, fake_quote(rng, vehicle)),
    }
    return makers[kind]()
