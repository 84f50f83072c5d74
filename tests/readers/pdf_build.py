"""PDFs built in the tests with reportlab: pages laid out as an ODS document is (running
symbol, job number and page n/N at the page edges, a footnote block in small type under a
rule at the foot), in English or Chinese (reportlab's built-in CID font STSong-Light, no font
file needed)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

WIDTH, HEIGHT = 612.0, 792.0  # US letter, as ODS prints
BODY_SIZE = 10.0
NOTE_SIZE = 8.0


@dataclass
class PageSpec:
    body: list[str]  # lines of body text, top down
    notes: list[str] = field(default_factory=list)  # footnote lines, each "n text"


def letter_spaced(line: str) -> str:
    """A space after every CJK character, as some Chinese text layers have it."""
    return "".join(c + " " if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else c
                   for c in line)  # fmt: skip


def ods_pdf(
    pages: list[PageSpec],
    symbol: str,
    job: str,
    masthead: str,
    font: str = "Helvetica",
) -> bytes:
    from reportlab.pdfgen import canvas

    if font == "STSong-Light":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT))
    n = len(pages)
    for k, page in enumerate(pages, start=1):
        y = HEIGHT - 60
        if k == 1:  # the masthead, and the job number and barcode at the foot
            c.setFont(font, 14)
            c.drawString(124, y, masthead)
            c.setFont("Helvetica", 10)
            c.drawString(66, 44, f"{job} (C) 241018")
            c.setFont("Helvetica-Bold", 12)
            c.drawString(65, 32, "*" + job.replace("-", "") + "*")
            y -= 60
        else:  # the running symbol (left on even pages, right on odd) and n/N
            c.setFont("Helvetica-Bold", 8.5)
            c.drawString(60 if k % 2 == 0 else 520, HEIGHT - 59, symbol)
            c.setFont("Helvetica", 8.5)
            c.drawString(60, 40, f"{k}/{n} {job}" if k % 2 == 0 else f"{job} {k}/{n}")
            y -= 30
        c.setFont(font, BODY_SIZE)
        for line in page.body:
            c.drawString(124, y, line)
            y -= 12
        if page.notes:
            y = 60 + 11 * len(page.notes) + 8
            c.setFont("Helvetica", NOTE_SIZE)
            c.drawString(100, y, "_" * 18)
            y -= 11
            for note in page.notes:
                c.setFont(font, NOTE_SIZE)
                c.drawString(118, y, note)
                y -= 11
        c.showPage()
    c.save()
    return out.getvalue()


def text_only_pdf(pages: list[list[str]]) -> bytes:
    """Plain pages of Helvetica lines."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT))
    for lines in pages:
        c.setFont("Helvetica", 10)
        for k, line in enumerate(lines):
            c.drawString(72, HEIGHT - 72 - 12 * k, line)
        c.showPage()
    c.save()
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A page with drawings and no text: what a scan looks like to a text reader."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT))
    c.rect(72, 72, 300, 400, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()
