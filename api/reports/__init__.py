"""The 定损单 (itemized loss estimate) as a report: HTML and PDF, with annotated photos.

Pure functions of a stored estimate, the claim's header facts and the photos; no database, no
HTTP. The estimates API and the ``claimsight assess`` command call them.
"""

from api.reports.html import render_html
from api.reports.pdf import render_pdf
from api.reports.photos import PhotoBox, ReportPhoto, annotate_photo
from api.reports.view import ClaimInfo

__all__ = ["ClaimInfo", "PhotoBox", "ReportPhoto", "annotate_photo", "render_html", "render_pdf"]
