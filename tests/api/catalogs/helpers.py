"""Price lists for the tests: the bundled SAMPLE list as CSV, with chosen rows re-priced."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from decimal import Decimal

from fastapi.testclient import TestClient
from httpx import Response

from pricing import load_sample_catalog
from pricing.price_list import export_rows
from pricing.price_rows import ALL_COLUMNS

Row = Mapping[str, str]


def sample_csv(
    *,
    reprice: Callable[[Row], Decimal | None] = lambda row: None,
    keep: Callable[[Row], bool] = lambda row: True,
    extra: tuple[str, ...] = (),
) -> bytes:
    """The SAMPLE list as CSV (header on line 1, row n on line n + 1); ``reprice`` gives a row a
    new amount (None: unchanged), ``keep`` drops rows, ``extra`` appends raw lines."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ALL_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in export_rows(load_sample_catalog()):
        if not keep(row):
            continue
        new = reprice(row)
        writer.writerow({**row, "amount": str(new)} if new is not None else row)
    text = out.getvalue() + "".join(line + "\n" for line in extra)
    return text.encode()


def part_up(part: str, percent: int) -> Callable[[Row], Decimal | None]:
    """The part prices of ``part`` up by ``percent`` (to the fen)."""

    def reprice(row: Row) -> Decimal | None:
        if row["record"] == "part_price" and row["part_code"] == part:
            return (Decimal(row["amount"]) * (100 + percent) / 100).quantize(Decimal("0.01"))
        return None

    return reprice


def upload(client: TestClient, headers: dict[str, str], data: bytes, name: str = "list.csv", **form: str) -> Response:
    """POST /catalogs with ``data`` as the file and ``form`` as the form fields."""
    return client.post("/catalogs", files={"file": (name, data, "text/csv")}, data=form, headers=headers)
