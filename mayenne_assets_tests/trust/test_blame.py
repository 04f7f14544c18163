"""Which workbooks a refused run sets aside is data carried by each problem (Problem.blames), never read back
from the wording of a message: a message reworded, or naming another file in passing, changes nothing."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.datasets.annuaire import prepare_directory
from mayenne_assets.defs.reporting import named_sources
from mayenne_assets.lib.common.problems import Problem, blamed_files
from mayenne_assets.lib.prepare.cells import parse_values
from mayenne_assets_tests.support.settings import MAYENNE

SOURCES = [{"file": "a.xlsx", "sha256": "1" * 64}, {"file": "b.xlsx", "sha256": "2" * 64}]


def test_the_files_set_aside_are_those_the_problems_blame_whatever_they_say():
    reworded = Problem("Valeur illisible dans la cellule C7 (voir b.xlsx pour comparaison)", blames="a.xlsx")
    assert named_sources([reworded], SOURCES) == [SOURCES[0]]
    assert named_sources(["a.xlsx, onglet « Publics », ligne 3: not a number"], SOURCES) == []  # a text blames none


def test_a_cell_that_cannot_be_read_blames_the_workbook_of_its_row():
    rows = pd.DataFrame({"value_raw": ["12", "douze"], "source_file": ["a.xlsx", "b.xlsx"],
                         "source_sheet": ["Publics", "Privés"], "source_row": [4, 9]})
    _, problems = parse_values(rows, "value_raw")
    assert blamed_files(problems) == {"b.xlsx"} and "ligne 9" in problems[0]


def test_a_directory_row_outside_the_territory_blames_its_workbook():
    rows = pd.DataFrame({column: [None] for column in (
        "secteur", "telephone", "mail", "web", "code_postal", "segpa", "ulis", "section_sport",
        "section_europeenne", "section_internationale", "section_arts", "hebergement", "restauration")})
    rows = rows.assign(latitude="43.6", longitude="1.44", source_file="annuaire.xlsx", source_sheet="Collèges",
                       source_row=5, mail="", code_postal="53000")  # Toulouse, not the Mayenne
    _, problems = prepare_directory(rows, MAYENNE)
    assert blamed_files(problems) == {"annuaire.xlsx"}
