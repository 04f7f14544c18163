"""What the département funds in its collèges, in two workbooks built differently: computer equipment (a sheet
per school year) and the Biclou and CDVC programmes (a sheet per programme, euros per school year)."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

from mayenne_assets.lib.read.families import family
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import commune_as_written, name_as_written
from mayenne_assets.sample.xlsx import save_deterministic, set_widths, title, write_row

EQUIPMENT_FILE = "Équipements informatiques des collèges.xlsx"
DISPOSITIFS_FILE = "Dispositifs Biclou et CDVC.xlsx"
# the kinds of equipment families.toml declares, each under its first label
EQUIPMENT = [family("equipements").label(kind) for kind in family("equipements").quantities]
SCHOOL_YEARS = ["2019-2020", "2020-2021", "2021-2022"]
CDVC_LABELS = ["Montant 2019-2020", "2020/2021 (€)", "2021-2022 (€)"]


def _publics():
    return [c for c in colleges() if c.secteur == "Public"]


def equipment_counts(year: str) -> dict[str, list[int]]:
    return {c.uai: [random.Random(f"{c.uai}-{year}-{kind}").randint(0, 40) for kind in EQUIPMENT]
            for c in _publics()}


def write_equipment_workbook(drive: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for year in SCHOOL_YEARS[1:]:
        ws = workbook.create_sheet(year)
        title(ws, 1, f"Équipements informatiques financés par le Département — année scolaire {year}", 7)
        write_row(ws, 3, ["Collège", "Commune", *EQUIPMENT], bold=True)
        counts = equipment_counts(year)
        for offset, college in enumerate(_publics()):
            write_row(ws, 4 + offset, [name_as_written(college), commune_as_written(college), *counts[college.uai]])
        write_row(ws, 4 + len(_publics()), ["TOTAL", "", *[sum(v[i] for v in counts.values())
                                                           for i in range(len(EQUIPMENT))]], bold=True)
        set_widths(ws, {1: 30, 2: 24})
    path = drive / EQUIPMENT_FILE
    save_deterministic(workbook, path)
    return path


def biclou_counts() -> dict[tuple[str, str], int]:
    return {(c.uai, year): random.Random(f"biclou-{c.uai}-{year}").randint(0, 25)
            for year in SCHOOL_YEARS for c in _publics()[:12]}


def cdvc_amounts() -> dict[tuple[str, str], float]:
    return {(c.uai, year): float(random.Random(f"cdvc-{c.uai}-{year}").randrange(500, 8000, 50))
            for year in SCHOOL_YEARS for c in colleges() if c.under_contract}


def write_dispositifs_workbook(drive: Path) -> Path:
    workbook = Workbook()
    readme = workbook.active
    readme.title = "Lisez-moi"
    readme["A1"] = "Biclou : vélos prêtés aux collégiens. CDVC : projets des collèges financés par le Département."
    ws = workbook.create_sheet("Biclou")
    write_row(ws, 1, ["Année scolaire", "Collège", "Commune", "Nombre de vélos"], bold=True)
    by_uai = {c.uai: c for c in colleges()}
    for offset, ((uai, year), bikes) in enumerate(sorted(biclou_counts().items(), key=lambda i: (i[0][1], i[0][0]))):
        write_row(ws, 2 + offset, [year, name_as_written(by_uai[uai]), commune_as_written(by_uai[uai]), bikes])
    ws = workbook.create_sheet("CDVC")
    title(ws, 1, "Contrat départemental de vie collégienne (CDVC) — subventions versées", 5)
    write_row(ws, 3, ["Collège", "Commune", *CDVC_LABELS], bold=True)
    amounts = cdvc_amounts()
    members = [c for c in colleges() if c.under_contract]
    for offset, college in enumerate(members):
        values = [f"{amounts[(college.uai, y)]:,.0f}".replace(",", "\u00a0") if offset % 4 == 0
                  else amounts[(college.uai, y)] for y in SCHOOL_YEARS]
        write_row(ws, 4 + offset, [name_as_written(college), commune_as_written(college), *values])
    write_row(ws, 4 + len(members), ["Total", "", *[sum(amounts[(c.uai, y)] for c in members)
                                                    for y in SCHOOL_YEARS]], bold=True)
    set_widths(ws, {1: 30, 2: 24})
    path = drive / DISPOSITIFS_FILE
    save_deterministic(workbook, path)
    return path
