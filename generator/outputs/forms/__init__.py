"""``<year>/<slug>/annex-<n>.xlsx`` and ``.docx``: every table or form annex as a file to fill in.

Receiving units fill in the 附件 and send it back; these files spare them retyping the form.
Both formats are drawn from one :class:`FormLayout` (a grid of placed cells with widths and
heights for A4), so the spreadsheet and the Word document show the same form. Text annexes
are prose, not forms, and get no files.

Office files carry timestamps (document properties, zip entry dates); both are fixed to the
notice's 成文日期 so that two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt

from ...collect import Collections
from ...config import Site
from ...notice import FormAnnex, Notice, TableAnnex
from ..parts import NoticeFiles
from .docx import docx_bytes, docx_kit
from .layout import About, FormLayout, GridCell, fit_widths, lay_out, place_cells, text_units
from .xlsx import xlsx_bytes, xlsx_kit

def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    made = []
    for number, annex in enumerate(notice.front.annexes, start=1):
        if not isinstance(annex, (TableAnnex, FormAnnex)):
            continue
        layout = lay_out(annex, number)
        about = about_annex(notice, layout)
        made.append((f"{notice.path}annex-{number}.xlsx", xlsx_bytes(layout, about)))
        made.append((f"{notice.path}annex-{number}.docx", docx_bytes(layout, about)))
    return NoticeFiles(made)


def prepare() -> None:
    """The parts every workbook and document share, made (and compressed) once."""
    xlsx_kit()
    docx_kit()


def about_annex(notice: Notice, layout: FormLayout) -> About:
    day = notice.front.issued or dt.date(notice.year, 1, 1)
    return About(f"附件{layout.number} {layout.title}", notice.front.title, notice.front.issuers[0],
                 dt.datetime.combine(day, dt.time()))


__all__ = ["About", "FormLayout", "GridCell", "about_annex", "docx_bytes", "fit_widths", "lay_out", "notice_files",
           "place_cells", "prepare", "text_units", "xlsx_bytes"]
