"""The collège directory workbook: a two-row header with merged group labels, sectors and UAIs written every
which way, phones in every format, "X" marks, and coordinates swapped, with a decimal comma, or in the metres of
the Ministry's projected system for the territory (Lambert-93, EPSG:2975 in La Réunion…)."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from mayenne_assets.sample.directory import College, colleges, sample_territory
from mayenne_assets.sample.effectifs_workbook import commune_as_written
from mayenne_assets.sample.xlsx import merge, save_deterministic, set_widths, title, write_row

FILE_NAME = "Annuaire des collèges 2021.xlsx"
GROUPS = [("Identification", 3), ("Coordonnées", 6), ("Dispositifs", 8), ("Localisation", 2)]
LABELS = [
    "Code RNE", "Nom de l'établissement", "Public/Privé",
    "Adresse", "CP", "Commune", "Tél.", "Mél", "Site internet",
    "SEGPA", "ULIS", "Section sportive", "Section européenne", "Section internationale",
    "Classe à horaires aménagés", "Internat", "Demi-pension",
    "Latitude", "Longitude",
]
SWAPPED, LAMBERT, DECIMAL_COMMA = "0530041G", "0530078X", "0530826K"  # the Mayenne's; elsewhere, by rank
FAULTS = ("swapped", "projected", "decimal_comma")


@cache
def _faulty_colleges(code: str) -> dict[str, str]:
    """UAI → how its coordinates are written wrong: the Mayenne's three, or the first placed collèges elsewhere
    (the projected one among those the directory gives metres for)."""
    placed = [c for c in colleges() if c.latitude is not None]
    if {SWAPPED, LAMBERT, DECIMAL_COMMA} <= {c.uai for c in placed}:
        return dict(zip((SWAPPED, LAMBERT, DECIMAL_COMMA), FAULTS, strict=True))
    in_metres = [c for c in placed if c.x_lambert93 is not None]
    chosen = [placed[0].uai, next(c.uai for c in in_metres if c.uai != placed[0].uai)]
    chosen.append(next(c.uai for c in placed if c.uai not in chosen))
    return dict(zip(chosen, FAULTS, strict=True))


def coordinate_fault(college: College) -> str | None:
    return _faulty_colleges(sample_territory().code).get(college.uai)


def phone_of(college: College) -> str:
    """A plausible Laval-area number, written in one of the ways the logbook met."""
    digits = f"0243{int(college.uai[:7]) % 1_000_000:06d}"
    style = int(college.uai[4:7]) % 4
    if style == 0:
        return ".".join(digits[i : i + 2] for i in range(0, 10, 2))
    if style == 1:
        return digits
    if style == 2:
        return "+33 " + " ".join([digits[1]] + [digits[i : i + 2] for i in range(2, 10, 2)])
    return digits[1:]  # a number typed as a number: the leading 0 is lost


def _uai_as_written(college: College) -> str:
    style = int(college.uai[4:7]) % 5
    return {0: college.uai.lower(), 1: f" {college.uai} ", 2: f"RNE {college.uai}"}.get(style, college.uai)


def _sector_as_written(college: College) -> str:
    if college.secteur == "Public":
        return "Public" if int(college.uai[5:7]) % 2 else "PU"
    return "privé sous contrat" if college.under_contract else "Privé"


def _coordinates(college: College) -> list[object]:
    if college.latitude is None or college.longitude is None:
        return [None, None]
    fault = coordinate_fault(college)
    if fault == "swapped":
        return [college.longitude, college.latitude]
    if fault == "projected":  # Y in « Latitude », X in « Longitude », in the directory's metres
        return [college.y_lambert93, college.x_lambert93]
    if fault == "decimal_comma":
        return [f"{college.latitude:.6f}".replace(".", ","), f"{college.longitude:.6f}".replace(".", ",")]
    return [round(college.latitude, 6), round(college.longitude, 6)]


def _row(college: College) -> list[object]:
    rng = random.Random(f"dispositifs-{college.uai}")
    marks = [rng.choice(["X", "x", "", "", "oui", "✓"]) for _ in range(8)]
    web = f"https://{college.patronyme.lower().replace(' ', '-')}.e-lyco.fr"
    return [
        _uai_as_written(college), college.appellation, _sector_as_written(college),
        college.adresse.title(), college.code_postal, commune_as_written(college), phone_of(college),
        f"ce.{college.uai.lower()}@{college.mail_domain}", web, *marks, *_coordinates(college),
    ]


def write_colleges_workbook(drive: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Collèges"
    title(ws, 1, f"Annuaire des collèges publics et privés {sample_territory().of_name} — rentrée 2021", len(LABELS))
    column = 1
    for group, width in GROUPS:
        ws.cell(row=3, column=column, value=group)
        merge(ws, 3, column, 3, column + width - 1)
        column += width
    write_row(ws, 4, LABELS, bold=True)
    for offset, college in enumerate(colleges()):
        write_row(ws, 5 + offset, _row(college))
    set_widths(ws, {2: 40, 4: 30, 6: 24})
    path = drive / FILE_NAME
    save_deterministic(workbook, path)
    return path
