"""Random but valid people, vehicles, policies and quotes (checksums correct, names fake)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from inference.ocr.validate import VIN_VALUES, id_check_digit, vin_check_digit

FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
COMPOUND_FAMILY = ("欧阳", "司马", "诸葛", "上官")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志宏文玉兰红梅海燕鹏飞晓东宇轩浩然子涵欣怡思远嘉豪雨桐"
)
ETHNICITIES = ("汉",) * 12 + ("回", "满", "壮", "蒙古", "土家", "苗")
REGIONS = (
    ("310115", "上海市浦东新区", "沪", "A"),
    ("110105", "北京市朝阳区", "京", "N"),
    ("440305", "广东省深圳市南山区", "粤", "B"),
    ("330106", "浙江省杭州市西湖区", "浙", "A"),
    ("510107", "四川省成都市武侯区", "川", "A"),
    ("320102", "江苏省南京市玄武区", "苏", "A"),
    ("420106", "湖北省武汉市武昌区", "鄂", "A"),
    ("610113", "陕西省西安市雁塔区", "陕", "A"),
)
ROADS = ("人民路", "解放路", "中山路", "建设路", "世纪大道", "长江路", "和平街", "新华路", "文化路", "青年路")
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
VIN_CHARS = "".join(VIN_VALUES)  # digits and letters without I, O, Q
WMIS = ("LSV", "LFV", "LGB", "LVS", "LSG", "LHG", "LBV", "LGX", "LDC", "LVG")
MODELS = (
    ("大众汽车牌", "SVW71612BM"),
    ("丰田牌", "TV7250FBEV"),
    ("比亚迪牌", "BYD7005BEV"),
    ("本田牌", "HG7152MBA"),
    ("别克牌", "SGM7158LAA"),
    ("宝马牌", "BMW7201BM"),
    ("日产牌", "DFL7168VAL"),
    ("长安福特牌", "CAF7150A5"),
)
VEHICLE_TYPES = (("小型轿车", "C1"),) * 6 + (("小型普通客车", "C1"), ("小型越野客车", "C1"), ("轻型普通货车", "C1"))
USES = ("非营运",) * 5 + ("营运", "预约出租客运")
LICENCE_CLASSES = ("C1",) * 8 + ("C2", "B2", "A2", "C1E", "A1")
AUTHORITIES = ("公安局", "公安局分局")
INSURERS = ("中国人民财产保险股份有限公司", "中国平安财产保险股份有限公司", "中国太平洋财产保险股份有限公司")
COMMERCIAL_COVERS = (
    ("机动车损失保险", (Decimal("80000"), Decimal("350000"))),
    ("机动车第三者责任保险", (Decimal("1000000"), Decimal("3000000"))),
    ("机动车车上人员责任保险（驾驶人）", (Decimal("10000"), Decimal("50000"))),
    ("机动车车上人员责任保险（乘客）", (Decimal("10000"), Decimal("50000"))),
)
COMPULSORY_LIMITS = (
    ("死亡伤残赔偿限额", Decimal("180000")),
    ("医疗费用赔偿限额", Decimal("18000")),
    ("财产损失赔偿限额", Decimal("2000")),
)
PARTS = (
    "前保险杠",
    "后保险杠",
    "左前叶子板",
    "右前叶子板",
    "发动机盖",
    "左前门",
    "右前门",
    "左后门",
    "右后门",
    "左前大灯",
    "右前大灯",
    "前挡风玻璃",
    "左后视镜",
    "右后视镜",
    "中网",
    "后尾灯",
    "行李箱盖",
)
OPERATIONS = ("更换", "修复", "喷漆", "拆装")
SHOPS = ("安达汽车维修有限公司", "顺通汽车服务中心", "恒信汽车修理厂", "路路通汽车维修有限公司")


def fake_name(rng: random.Random) -> str:
    family = rng.choice(COMPOUND_FAMILY) if rng.random() < 0.05 else rng.choice(FAMILY)
    return family + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


@dataclass
class Person:
    name: str
    sex: str
    ethnicity: str
    birth_date: date
    address: str
    id_number: str
    region: tuple[str, str, str, str]


def fake_person(rng: random.Random) -> Person:
    region = rng.choice(REGIONS)
    born = random_date(rng, date(1955, 1, 1), date(2004, 12, 31))
    sequence = rng.randrange(1000)
    sex = "男" if sequence % 2 else "女"
    first17 = f"{region[0]}{born:%Y%m%d}{sequence:03d}"
    address = f"{region[1]}{rng.choice(ROADS)}{rng.randrange(1, 999)}号"
    if rng.random() < 0.6:
        address += f"{rng.randrange(1, 40)}号楼{rng.randrange(1, 30)}0{rng.randrange(1, 6)}室"
    return Person(
        name=fake_name(rng),
        sex=sex,
        ethnicity=rng.choice(ETHNICITIES),
        birth_date=born,
        address=address,
        id_number=first17 + id_check_digit(first17),
        region=region,
    )


def fake_vin(rng: random.Random) -> str:
    body = rng.choice(WMIS) + "".join(rng.choice(VIN_CHARS) for _ in range(5))
    tail = rng.choice("GHJKLMNPRS") + rng.choice(VIN_CHARS) + f"{rng.randrange(10**6):06d}"
    draft = body + "0" + tail
    return body + vin_check_digit(draft) + tail


def fake_plate(rng: random.Random, province: str, letter: str, *, new_energy: bool) -> str:
    if new_energy:
        return province + letter + rng.choice("DF") + rng.choice("ABCDEFGHJK0123456789") + f"{rng.randrange(10**4):04d}"
    tail = [rng.choice("0123456789") for _ in range(5)]
    for i in rng.sample(range(5), rng.choice((0, 1, 1, 2))):
        tail[i] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return province + letter + "".join(tail)


@dataclass
class Vehicle:
    plate: str
    vehicle_type: str
    required_class: str
    use_character: str
    model: str
    vin: str
    engine_number: str
    registration_date: date
    issue_date: date
    file_number: str
    passengers: int
    gross_mass_kg: int
    curb_mass_kg: int
    dimensions: str


def fake_vehicle(rng: random.Random, owner: Person) -> Vehicle:
    brand, code = rng.choice(MODELS)
    vehicle_type, required = rng.choice(VEHICLE_TYPES)
    registered = random_date(rng, date(2012, 1, 1), date(2025, 6, 30))
    curb = rng.randrange(1200, 2200)
    return Vehicle(
        plate=fake_plate(rng, owner.region[2], owner.region[3], new_energy=rng.random() < 0.3),
        vehicle_type=vehicle_type,
        required_class=required,
        use_character=rng.choice(USES),
        model=brand + code,
        vin=fake_vin(rng),
        engine_number="".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(rng.choice((7, 8, 9)))),
        registration_date=registered,
        issue_date=registered if rng.random() < 0.7 else random_date(rng, registered, date(2025, 9, 30)),
        file_number=f"{rng.randrange(10**11, 10**12)}",
        passengers=rng.choice((5, 5, 5, 7)),
        gross_mass_kg=curb + rng.randrange(350, 600),
        curb_mass_kg=curb,
        dimensions=f"{rng.randrange(4300, 5100)}X{rng.randrange(1750, 1950)}X{rng.randrange(1420, 1750)}",
    )


@dataclass
class Policy:
    compulsory: bool
    policy_number: str
    insurer: str
    insured: Person
    vehicle: Vehicle
    period_start: date
    period_end: date
    covers: list[tuple[str, Decimal, Decimal]]  # name, sum insured or limit, premium
    deductible: Decimal | None
    total_premium: Decimal
    cover_deductibles: list[Decimal] = field(default_factory=list)  # per cover (commercial): 免赔（元）


def fake_policy(rng: random.Random, insured: Person, vehicle: Vehicle, *, compulsory: bool) -> Policy:
    start = random_date(rng, date(2025, 1, 1), date(2026, 6, 30))
    end = (
        date(start.year + 1, start.month, start.day) - timedelta(days=1)
        if start.day != 29
        else start + timedelta(days=364)
    )
    if compulsory:
        covers = [(name, limit, Decimal("0")) for name, limit in COMPULSORY_LIMITS]
        total = Decimal(rng.choice(("950.00", "665.00", "855.00", "1100.00")))
        deductible = None
    else:
        covers = []
        for name, (low, high) in COMMERCIAL_COVERS[: rng.choice((2, 3, 4))]:
            amount = Decimal(rng.randrange(int(low) // 1000, int(high) // 1000 + 1) * 1000)
            premium = (amount * Decimal(rng.choice(("0.011", "0.0009", "0.004")))).quantize(Decimal("0.01"))
            covers.append((name, amount, premium))
        total = sum((c[2] for c in covers), Decimal("0.00"))
        deductible = Decimal(rng.choice(("0", "300", "500", "1000", "2000")))
    prefix = "PDZA" if compulsory else "PDAA"
    number = prefix + f"{start.year}{rng.randrange(10**13, 10**14)}"
    policy = Policy(compulsory, number, rng.choice(INSURERS), insured, vehicle, start, end, covers, deductible, total)
    if deductible is not None:  # the own-damage cover carries the policy's deductible; liability covers less often one
        policy.cover_deductibles = [deductible] + [Decimal(rng.choice(("0", "0", "500", "1000"))) for _ in covers[1:]]
    return policy


@dataclass
class QuoteLine:
    part: str
    operation: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


@dataclass
class Quote:
    shop: str
    plate: str
    vin: str
    quote_date: date
    lines: list[QuoteLine] = field(default_factory=list)

    @property
    def parts_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.operation == "更换"), Decimal("0.00"))

    @property
    def labour_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.operation != "更换"), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.parts_total + self.labour_total


def fake_quote(rng: random.Random, vehicle: Vehicle) -> Quote:
    quote = Quote(rng.choice(SHOPS), vehicle.plate, vehicle.vin, random_date(rng, date(2025, 1, 1), date(2026, 9, 30)))
    for part in rng.sample(PARTS, rng.randrange(2, 7)):
        operation = rng.choice(OPERATIONS)
        quantity = 1
        unit = Decimal(rng.randrange(80, 4800)) + Decimal(rng.choice(("0", "0.50", "0.80")))
        quote.lines.append(
            QuoteLine(
                part, operation, quantity, unit.quantize(Decimal("0.01")), (unit * quantity).quantize(Decimal("0.01"))
            )
        )
    return quote
