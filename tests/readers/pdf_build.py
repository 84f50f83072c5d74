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


# A Chinese resolution of three ODS pages (A/RES/73/3's layout): a paragraph that the page break
# interrupts (its last line on page 1, its end on page 2), a footnote on each of the first two.
ZH_SYMBOL, ZH_JOB, ZH_MASTHEAD = "A/RES/73/3", "18-16895", "联合国 A/RES/73/3"
ZH_PAGES = [
    [
        "大会，",
        "回顾其2015年9月25日第70/1号决议，其中通过了题为“变革我们的",
        "世界：2030年可持续发展议程”的成果文件，1",
        "1. 重申致力于到2030年在全球终结结核病流行，并承诺为此采取紧",
        "急行动，加强国家和全球的集体行动、投资和创新，以防治这一可预",
    ],
    [
        "防和可治疗的疾病；",
        "2. 请秘书长在世界卫生组织的支持下，于2020年提交一份进度报告，2",
        "说明在实现商定的结核病目标方面取得的进展；",
    ],
    ["3. 决定在2023年召开一次关于防治结核病的高级别会议。"],
]
ZH_NOTES = [["1 第70/1号决议。"], ["2 见世界卫生组织，WHA71/2018/REC/1号文件。"], []]


def chinese_resolution(spaced: bool) -> tuple[bytes, list[PageSpec]]:
    """The Chinese resolution above as a PDF, its text layer letter-spaced or not, with the
    pages as built."""
    f = letter_spaced if spaced else (lambda s: s)
    pages = [
        PageSpec([f(s) for s in body], [f(s) for s in notes])
        for body, notes in zip(ZH_PAGES, ZH_NOTES, strict=True)
    ]
    return ods_pdf(pages, ZH_SYMBOL, ZH_JOB, f(ZH_MASTHEAD), font="STSong-Light"), pages
