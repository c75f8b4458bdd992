"""The 定损单 as a PDF (fpdf2, pure Python): the same content as the HTML page, Chinese text in an
embedded, subset Noto Sans CJK SC face, annotated photos on the last pages."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Final

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from api.reports.fonts import SIMPLIFIED_CHINESE_FACE, cjk_font_path
from api.reports.photos import ReportPhoto
from api.reports.view import ClaimInfo, LineOrigin, ReportView, build_view
from pricing import Estimate

FONT: Final = "notosanscjk"
MARGIN_MM: Final = 12
LINE_COLUMNS: Final = (6, 30, 10, 10, 13, 22, 24, 71)  # mm; sums to the A4 text width (186)
RED: Final = (176, 0, 32)


class _Report(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer_text = footer_text
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(auto=True, margin=MARGIN_MM + 4)
        self.add_font(FONT, fname=str(cjk_font_path()), collection_font_number=SIMPLIFIED_CHINESE_FACE)
        self.set_font(FONT, size=9)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM - 2)
        self.set_font(FONT, size=7)
        self.set_text_color(110)
        self.cell(0, 4, f"{self._footer_text}    第 {self.page_no()}/{{nb}} 页", align=Align.C)
        self.set_text_color(0)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_font(FONT, size=9)


def _header(pdf: FPDF, view: ReportView) -> None:
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 9, view.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 5, view.subtitle, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for warning in view.warnings:
        pdf.set_fill_color(255, 243, 205)
        pdf.multi_cell(0, 5, warning, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    pdf.set_fill_color(240)
    with pdf.table(col_widths=(34, 59, 34, 59), first_row_as_headings=False, line_height=5, padding=1) as table:
        pairs = list(view.header)
        for i in range(0, len(pairs), 2):
            row = table.row()
            for label, value in pairs[i : i + 2]:
                row.cell(label, style=FontFace(fill_color=(240, 240, 240)))
                row.cell(value)


def _lines(pdf: FPDF, view: ReportView) -> None:
    _heading(pdf, "定损项目 Lines")
    pdf.set_font(FONT, size=7.5)
    headings = ("#", "项目", "类别", "作业", "数量", "单价", "金额", "依据 Basis")
    align = ("L", "L", "L", "L", "R", "R", "R", "L")
    with pdf.table(
        col_widths=LINE_COLUMNS,
        text_align=align,
        line_height=3.8,
        padding=0.8,
        headings_style=FontFace(fill_color=(235, 235, 235)),
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        head = table.row()
        for h in headings:
            head.cell(h)
        if not view.rows:
            table.row().cell("未发现需定损的项目 No damage to price.", colspan=len(headings))
        for r in view.rows:
            row = table.row()
            row.cell(str(r.number))
            row.cell(r.item + "".join(f"\n[{f}]" for f in r.flags))
            row.cell(r.kind)
            row.cell(r.action)
            row.cell(r.quantity)
            row.cell(r.unit_price)
            row.cell(r.amount, style=FontFace(color=RED) if r.manual else None)
            basis = (
                r.basis
                + (f"\n证据：{r.evidence}" if r.evidence else "")
                + (f"\n{r.origin}" if r.origin else "")
                + (f"\n{r.rules}" if r.rules else "")
            )
            row.cell(basis)
    pdf.set_font(FONT, size=9)


def _totals(pdf: FPDF, view: ReportView) -> None:
    _heading(pdf, "合计 Totals")
    with pdf.table(
        col_widths=(70, 40),
        width=110,
        align=Align.R,
        first_row_as_headings=False,
        text_align=("L", "R"),
        line_height=5,
        padding=1,
    ) as table:
        for t in view.subtotals:
            table.row((f"小计·{t.label}", t.amount))
        for t in view.totals:
            style = FontFace(fill_color=(235, 235, 235)) if t.strong else None
            table.row((t.label, t.amount), style=style)


def _deductible(pdf: FPDF, view: ReportView) -> None:
    """Explained up front, before the lines: an unexplained deductible is a named cause of complaints."""
    _heading(pdf, "免赔说明 Deductible")
    for n, text in enumerate(view.deductible, 1):
        pdf.multi_cell(0, 5, f"{n}. {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    for text in view.notes:
        pdf.multi_cell(0, 5, f"· {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _diffs(pdf: FPDF, view: ReportView) -> None:
    if not view.diffs:
        return
    _heading(pdf, "修订记录 Changes")
    pdf.multi_cell(0, 5, view.revision_note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=8)
    with pdf.table(
        col_widths=(40, 14, 30, 28, 28, 46), line_height=4, padding=0.8, text_align=("L", "L", "L", "R", "R", "L")
    ) as table:
        table.row(("项目", "变更", "原因", "修订前", "修订后", "说明"))
        for d in view.diffs:
            table.row((d.line_id, d.change, d.reason, d.before, d.after, d.note))
    pdf.set_font(FONT, size=9)


def _photos(pdf: FPDF, photos: Sequence[ReportPhoto]) -> None:
    if not photos:
        return
    pdf.add_page()
    _heading(pdf, "损失照片 Photos")
    text_width = pdf.w - pdf.l_margin - pdf.r_margin
    for photo in photos:
        width = text_width
        height = width * photo.height / photo.width
        limit = (pdf.h - 2 * MARGIN_MM) * 0.6
        if height > limit:
            height, width = limit, limit * photo.width / photo.height
        if pdf.get_y() + height + 12 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(io.BytesIO(photo.jpeg), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
        pdf.set_y(pdf.get_y() + height + 1)
        pdf.multi_cell(0, 5, photo.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)


def render_pdf(
    estimate: Estimate,
    *,
    claim_info: ClaimInfo,
    photos: Sequence[ReportPhoto] = (),
    internal: bool = False,
    created_at: datetime | None = None,
    origins: Mapping[str, LineOrigin] | None = None,
) -> bytes:
    """The estimate as PDF bytes: header, lines with their basis, totals, deductible, changes,
    annotated photos. ``created_at`` fixes the PDF's creation date (for reproducible files)."""
    view = build_view(estimate, claim_info=claim_info, photos=photos, internal=internal, origins=origins)
    pdf = _Report(view.footer)
    pdf.set_title(f"{view.title} {claim_info.claim_ref} v{estimate.version}")
    pdf.set_creator("ClaimSight")
    pdf.set_creation_date(created_at or datetime.now(UTC))
    pdf.add_page()
    _header(pdf, view)
    _deductible(pdf, view)
    _lines(pdf, view)
    _totals(pdf, view)
    _diffs(pdf, view)
    _photos(pdf, view.photos)
    return bytes(pdf.output())
