"""The enrolments workbook: one sheet per sector, years as columns in several spellings, groups merged down,
totals inside the table, a derived column, text numbers, missing markers and notes below the table."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from mayenne_assets.lib.identify.matching import (
    CLEAR_MARGIN,
    MIN_COMMUNE_NAME_SCORE,
    MIN_NAME_SCORE,
    name_key,
    name_score,
)
from mayenne_assets.sample.directory import College, arrondissement_of_commune, colleges, sample_territory
from mayenne_assets.sample.enrolments import FIRST_YEAR, LAST_OBSERVED, enrolment_series
from mayenne_assets.sample.xlsx import merge, save_deterministic, set_widths, title, write_row

FILE_NAME = "Effectifs collèges 1985-2021.xlsx"

# How the education service writes some names and communes (spelling, prefixes, old commune names, a typo).
NAME_AS_WRITTEN = {
    "0530914F": "Fernand Pusch",
    "0530770Z": "Collège privé Saint Joseph",
    "0530054W": "St Joseph",
    "0530065H": "Notre-Dame",
    "0530063F": "Collège Notre Dame",
    "0530060C": "Ste Catherine d'Alexandrie",
    "0530055X": "Le Prieuré",
    "0530061D": "St Jean-Baptiste de la Salle",
}
COMMUNE_AS_WRITTEN = {"53062": "Château-Gontier", "53185": "Pré-en-Pail", "53097": "Evron", "53130": "LAVAL"}
MISSING_CELLS = {("0530003R", 1987): "nc", ("0530793Z", 1990): "-", ("0530066J", 1996): "n.c."}


def _default_name(college: College) -> str:
    return college.patronyme.title().replace("Ste ", "Sainte ").replace("St ", "Saint ")


def name_as_written(college: College) -> str:
    if college.uai == short_name_typo(sample_territory().code):
        return _with_typo(_default_name(college))
    return NAME_AS_WRITTEN.get(college.uai, _default_name(college))


@cache
def short_name_typo(code: str) -> str | None:
    """Outside the Mayenne (whose « Fernand Pusch » is its typo), the first collège whose short name, written
    with one letter wrong, scores under the country-wide threshold and is still clearly its commune's
    (« Pévale » for « Pévèle »): what the pipeline's margin rule must resolve."""
    if any(c.uai in NAME_AS_WRITTEN for c in colleges()):
        return None
    for college in colleges():
        written = name_key(_with_typo(_default_name(college)))
        score = name_score(written, name_key(college.patronyme))
        others = [name_score(written, name_key(n)) for c in colleges() if c.code_commune == college.code_commune
                  and c.uai != college.uai for n in (c.patronyme, c.appellation)]
        if MIN_COMMUNE_NAME_SCORE <= score < MIN_NAME_SCORE and all(o <= score - CLEAR_MARGIN for o in others):
            return college.uai
    return None


def _with_typo(name: str) -> str:
    """One letter of the name's middle replaced by the next one of the alphabet (« Pévèle » → « Pévfle »)."""
    letters = "abcdefghijklmnopqrstuvwy"
    index = next((i for i in range(len(name) // 2, len(name)) if name[i].lower() in letters), None)
    return name if index is None else name[:index] + chr(ord(name[index]) + 1) + name[index + 1:]


def commune_as_written(college: College) -> str:
    return COMMUNE_AS_WRITTEN.get(college.code_commune, college.commune)


def _cell_value(uai: str, year: int, value: int) -> object:
    """Mostly numbers; some typed as text the way they arrive from other software."""
    if (uai, year) in MISSING_CELLS:
        return MISSING_CELLS[(uai, year)]
    pick = (int(uai[:7]) + year) % 29
    if pick == 0:
        return f" {value} "
    if pick == 1:
        return f"{value},0"
    if pick == 2 and value >= 100:
        return f"{value // 100}\u00a0{value % 100:02d}" if value >= 1000 else str(value)
    return value


def observed_truth() -> dict[tuple[str, int], int]:
    """(UAI, rentrée) → the enrolment written in a data cell of the workbook (missing markers excluded)."""
    truth = {}
    for uai, values in enrolment_series().items():
        for year, value in values.items():
            if year <= LAST_OBSERVED and (uai, year) not in MISSING_CELLS:
                truth[(uai, year)] = value
    return truth


def _public_sheet(workbook: Workbook, years: list[int]) -> None:
    ws = workbook.active
    ws.title = "Publics"
    width = 3 + len(years) + 1
    title(ws, 1, f"{sample_territory().publisher} — Direction de l'éducation et des collèges", width)
    title(ws, 2, "Effectifs des collèges publics à la rentrée scolaire, 1985 à 2021", width)
    write_row(ws, 4, ["Arrondissement", "Commune", "Nom du\ncollège", "Effectifs à la rentrée"], bold=True)
    for col in (1, 2, 3):
        merge(ws, 4, col, 5, col)
    merge(ws, 4, 4, 4, 3 + len(years))
    write_row(ws, 5, years, start_col=4, bold=True)
    ws.cell(row=4, column=width, value="Évolution (%)")
    merge(ws, 4, width, 5, width)
    by_arrondissement: dict[str, list[College]] = defaultdict(list)
    for college in colleges():
        if college.secteur == "Public":
            by_arrondissement[arrondissement_of_commune()[college.code_commune]].append(college)
    row = 6
    department_totals = defaultdict(int)
    for arrondissement in sorted(by_arrondissement):
        members = sorted(by_arrondissement[arrondissement], key=lambda c: (c.commune, c.patronyme))
        first = row
        totals = defaultdict(int)
        for college in members:
            _write_college_row(ws, row, college, years, totals, prefix=[arrondissement])
            row += 1
        merge(ws, first, 1, row - 1, 1)
        total_label = f"Total arrondissement de {arrondissement}"
        write_row(ws, row, ["", "", total_label, *[totals[y] for y in years]], bold=True)
        for year in years:
            department_totals[year] += totals[year]
        row += 1
    write_row(ws, row, ["TOTAL DÉPARTEMENT", "", "", *[department_totals[y] for y in years]], bold=True)
    write_row(ws, row + 2, [f"Source : {sample_territory().publisher}, Direction de l'éducation et des collèges"])
    write_row(ws, row + 3, ["* 2021 : effectifs provisoires au 15 octobre"])
    set_widths(ws, {1: 18, 2: 24, 3: 30})


def _write_college_row(ws, row, college, years, totals, prefix) -> None:
    values = enrolment_series()[college.uai]
    cells = []
    for year in years:
        if year not in values:
            cells.append(None)
            continue
        cells.append(_cell_value(college.uai, year, values[year]))
        if (college.uai, year) not in MISSING_CELLS:
            totals[year] += values[year]
    last, previous = values.get(LAST_OBSERVED), values.get(LAST_OBSERVED - 1)
    evolution = round(100 * (last - previous) / previous, 1) if last and previous else None
    write_row(ws, row, [*prefix, commune_as_written(college), name_as_written(college), *cells, evolution])


def _private_year_label(year: int) -> str:
    if year < 2000:
        return f"{year}-{year + 1}"
    if year < 2010:
        return f"{year}/{str(year + 1)[2:]}"
    return f"Rentrée {year}" if year % 2 else f"RS {year}"


def _private_sheet(workbook: Workbook, years: list[int]) -> None:
    ws = workbook.create_sheet("Privés")
    title(ws, 1, "Effectifs des collèges privés sous contrat", 6)
    write_row(ws, 3, ["Commune", "Nom du collège", *[_private_year_label(y) for y in years], "Moyenne"], bold=True)
    privates = sorted(
        (c for c in colleges() if c.secteur == "Privé" and c.under_contract), key=lambda c: (c.commune, c.uai)
    )
    totals = defaultdict(int)
    row = 4
    for college in privates:
        values = enrolment_series()[college.uai]
        cells = [_cell_value(college.uai, y, values[y]) if y in values else None for y in years]
        for year in years:
            if year in values and (college.uai, year) not in MISSING_CELLS:
                totals[year] += values[year]
        mean = round(sum(values[y] for y in years if y in values) / len(years))
        write_row(ws, row, [commune_as_written(college), name_as_written(college), *cells, mean])
        row += 1
    write_row(ws, row, ["Sous-total privé", "", *[totals[y] for y in years]], bold=True)
    write_row(ws, row + 2, [f"Source : DDEC {sample_territory().of_name}"])
    set_widths(ws, {1: 24, 2: 30})


def write_effectifs_workbook(drive: Path) -> Path:
    years = list(range(FIRST_YEAR, LAST_OBSERVED + 1))
    workbook = Workbook()
    _public_sheet(workbook, years)
    _private_sheet(workbook, years)
    notes = workbook.create_sheet("Notes")
    notes["A1"] = "Effectifs constatés à la rentrée (15 octobre). Les collèges privés hors contrat ne figurent pas."
    path = drive / FILE_NAME
    save_deterministic(workbook, path)
    return path
