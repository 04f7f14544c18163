"""Projected enrolments of the public collèges: one sheet per arrondissement, an observed year then projected
years in several spellings, a total per sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from mayenne_assets.sample.directory import arrondissement_of_commune, colleges
from mayenne_assets.sample.effectifs_workbook import commune_as_written, name_as_written
from mayenne_assets.sample.enrolments import LAST_OBSERVED, LAST_PROJECTED, enrolment_series
from mayenne_assets.sample.xlsx import save_deterministic, set_widths, title, write_row

FILE_NAME = "Prospective effectifs collèges publics 2021-2027.xlsx"
YEAR_LABELS = {2021: "Constat 2021", 2022: "Prévision 2022", 2023: "2023 (p)", 2024: "P2024"}


def projection_truth() -> dict[tuple[str, int], int]:
    return {
        (c.uai, year): enrolment_series()[c.uai][year]
        for c in colleges() if c.secteur == "Public"
        for year in range(LAST_OBSERVED, LAST_PROJECTED + 1)
    }


def write_projections_workbook(drive: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    years = list(range(LAST_OBSERVED, LAST_PROJECTED + 1))
    publics = [c for c in colleges() if c.secteur == "Public"]
    for arrondissement in sorted({arrondissement_of_commune()[c.code_commune] for c in publics}):
        ws = workbook.create_sheet(arrondissement)
        title(ws, 1, f"Projection des effectifs des collèges publics — arrondissement de {arrondissement}", 9)
        ws.cell(row=2, column=1, value="Étude prospective du Département, novembre 2021")
        write_row(ws, 4, ["Collège", "Commune", *[YEAR_LABELS.get(y, str(y)) for y in years]], bold=True)
        row = 5
        members = sorted((c for c in publics if arrondissement_of_commune()[c.code_commune] == arrondissement),
                         key=lambda c: c.patronyme)
        for college in members:
            values = enrolment_series()[college.uai]
            write_row(ws, row, [name_as_written(college), commune_as_written(college), *[values[y] for y in years]])
            row += 1
        totals = [sum(enrolment_series()[c.uai][y] for c in members) for y in years]
        write_row(ws, row, ["Total arrondissement", "", *totals], bold=True)
        set_widths(ws, {1: 30, 2: 24})
    path = drive / FILE_NAME
    save_deterministic(workbook, path)
    return path
