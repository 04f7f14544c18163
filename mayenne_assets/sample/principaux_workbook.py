"""Heads of the public collèges, their business managers (personal data, never published) and the councillors
on their boards, several names to a cell with every separator people use."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import commune_as_written, name_as_written
from mayenne_assets.sample.people import MANAGER_LAST_NAMES, email, person
from mayenne_assets.sample.xlsx import save_deterministic, set_widths, title, write_row

FILE_NAME = "Principaux gestionnaires et conseillers départementaux.xlsx"
SEPARATORS = [" / ", " ; ", ", ", " et ", "\n"]
LABELS = ["Collège", "Commune", "Principal(e)", "Mail principal", "Téléphone", "Gestionnaire",
          "Adresse mail gestionnaire", "Conseillers départementaux au CA"]


def managers() -> list[tuple[str, str]]:
    """(full name, e-mail) of every business manager in the sample: what must never be published."""
    result = []
    for college in colleges():
        if college.secteur == "Public":
            _, first, last = person(f"gestionnaire-{college.uai}", MANAGER_LAST_NAMES)
            result.append((f"{first} {last.upper()}", email(first, last, college.mail_domain)))
    return result


def write_principaux_workbook(drive: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Collèges publics"
    title(ws, 1, "Principaux, gestionnaires et représentants du Département aux conseils d'administration, "
                 "année scolaire 2021-2022", 8)
    write_row(ws, 3, LABELS, bold=True)
    publics = [c for c in colleges() if c.secteur == "Public"]
    for offset, college in enumerate(publics):
        civilite, first, last = person(f"principal-{college.uai}")
        _, m_first, m_last = person(f"gestionnaire-{college.uai}", MANAGER_LAST_NAMES)
        councillors = [" ".join(person(f"conseiller-{college.uai}-{i}")[1:]) for i in range(2)]
        row = 4 + offset
        write_row(ws, row, [
            name_as_written(college), commune_as_written(college), f"{civilite} {first} {last.upper()}",
            email(first, last, college.mail_domain), f"02 43 {offset % 90 + 10:02d} {offset * 3 % 100:02d} 00",
            f"{m_first} {m_last.upper()}", email(m_first, m_last, college.mail_domain),
            SEPARATORS[offset % len(SEPARATORS)].join(councillors),
        ])
        ws.cell(row=row, column=8).alignment = Alignment(wrap_text=True)
    set_widths(ws, {1: 30, 3: 28, 4: 34, 6: 24, 7: 34, 8: 40})
    path = drive / FILE_NAME
    save_deterministic(workbook, path)
    return path
