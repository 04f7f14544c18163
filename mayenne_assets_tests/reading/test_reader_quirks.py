"""The reader on small crafted workbooks, one per quirk of raw-workbooks.md."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mayenne_assets.lib.drive.layout import current_files
from mayenne_assets.lib.drive.snapshot import UnreadableWorkbook
from mayenne_assets.lib.read.classify import classify
from mayenne_assets.lib.read.raw_tables import read_family_files
from mayenne_assets.lib.read.workbook import read_sheets
from mayenne_assets_tests.support.settings import MAYENNE
from mayenne_assets_tests.support.workbooks import YEARS, effectifs_rows, make_xlsx


def read_effectifs(*paths: Path) -> tuple[pd.DataFrame, object]:
    frames, report = read_family_files(list(paths), {"effectifs"}, MAYENNE)
    return frames["effectifs"], report


def cells_by(frame: pd.DataFrame) -> dict[tuple[str, int], str]:
    return {(r.nom, r.rentree_scolaire): r.value_raw for r in frame.itertuples()}


def test_plain_table(tmp_path):
    frame, report = read_effectifs(make_xlsx(tmp_path / "effectifs publics.xlsx", {"Feuil1": effectifs_rows()}))
    assert len(frame) == 9
    assert cells_by(frame)[("Alain Gerbault", 2020)] == "450"
    assert set(frame["secteur"]) == {"Public"}  # from the file name
    assert report.dropped_rows == []


def test_titles_above_the_table(tmp_path):
    rows = [["Département de la Mayenne"], ["Effectifs des collèges"], [], ["Rentrée 2021 : provisoire"],
            *effectifs_rows()]
    frame, _ = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}))
    assert len(frame) == 9
    assert set(frame["source_row"]) == {6, 7, 8}  # spreadsheet row numbers, titles counted


def test_two_row_header_with_merged_group_label(tmp_path):
    rows = [["Commune", "Collège", "Effectifs à la rentrée", None, None],
            [None, None, *YEARS], *effectifs_rows()[1:]]
    path = make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}, {"Publics": ["A1:A2", "B1:B2", "C1:E1"]})
    frame, _ = read_effectifs(path)
    assert len(frame) == 9 and set(frame["rentree_scolaire"]) == set(YEARS)
    assert set(frame["commune"]) == {"Laval"}


def test_group_label_merged_down_names_every_row(tmp_path):
    rows = [["Arrondissement", *effectifs_rows()[0]], *[["Laval", *r] for r in effectifs_rows()[1:]]]
    frame, _ = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}, {"Publics": ["A2:A4"]}))
    assert set(frame["arrondissement"]) == {"Laval"} and frame["arrondissement"].notna().all()


def test_totals_subtotals_notes_blank_and_repeated_header_rows_are_dropped_and_counted(tmp_path):
    header, *data = effectifs_rows()
    rows = [header, data[0], ["", "Sous-total Laval", 1, 2, 3], [], header, data[1],
            ["Total arrondissement de Laval", "", 1, 2, 3], data[2], ["TOTAL DÉPARTEMENT", "", 9, 9, 9],
            ["Ensemble", "", 9, 9, 9], [], ["Source : Direction de l'éducation"], ["* estimation"]]
    frame, report = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}))
    assert len(frame) == 9
    assert report.dropped_row_counts() == {"total": 4, "blank": 2, "repeated_header": 1, "note": 2}


def test_a_collège_whose_name_starts_like_a_note_is_data_and_a_note_with_several_cells_is_not(tmp_path):
    """« Champ : … » is a note; the collèges « Champ-Lumière » (Selongey) and « Source de la Sèvre » are data."""
    header, *data = effectifs_rows()
    rows = [header, *data, ["Selongey", "Champ-Lumière", 301, 302, 303], ["Niort", "Source de la Sèvre", 1, 2, 3],
            ["Champ :", "collèges publics sous tutelle du ministère"], ["NB: chiffres provisoires", "", "", "", ""]]
    frame, report = read_effectifs(make_xlsx(tmp_path / "effectifs publics.xlsx", {"Publics": rows}))
    assert cells_by(frame)[("Champ-Lumière", 2020)] == "302" and ("Source de la Sèvre", 2019) in cells_by(frame)
    assert report.dropped_row_counts() == {"note": 2}


def test_derived_and_unknown_columns_are_dropped_and_reported(tmp_path):
    header, *data = effectifs_rows()
    rows = [[*header, "Évolution (%)", "Moyenne", "Remarque"], *[[*r, 1.5, 2, "ok"] for r in data]]
    frame, report = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}))
    assert len(frame) == 9
    assert report.dropped_column_counts() == {"derived": 2, "unknown": 1}
    assert {c.label for c in report.dropped_columns} == {"Évolution (%)", "Moyenne", "Remarque"}


@pytest.mark.parametrize("years", [
    ["1985", "1986", "1987"], ["Rentrée 1985", "Rentrée 1986", "Rentrée 1987"],
    ["1985-1986", "1986-1987", "1987-1988"], ["1985/86", "1986/87", "1987/88"], ["RS 1985", "RS 1986", "RS 1987"],
])
def test_years_as_columns_in_every_spelling(tmp_path, years):
    frame, _ = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": effectifs_rows(years)}))
    assert sorted(set(frame["rentree_scolaire"])) == [1985, 1986, 1987]


def test_label_spelling_and_column_order_are_free(tmp_path):
    rows = [[2019, 2020, 2021, "NOM DU\nCOLLEGE", "ville"], *[[*r[2:], r[1], r[0]] for r in effectifs_rows()[1:]]]
    frame, _ = read_effectifs(make_xlsx(tmp_path / "e.xlsx", {"Publics": rows}))
    assert cells_by(frame)[("Fernand Puech", 2019)] == "308"
    assert set(frame["commune"]) == {"Laval"}


def test_sector_comes_from_the_sheet_name_else_the_file_name(tmp_path):
    path = make_xlsx(tmp_path / "effectifs.xlsx", {"Publics": effectifs_rows(), "Privés": effectifs_rows()})
    frame, _ = read_effectifs(path)
    assert frame.groupby("source_sheet")["secteur"].first().to_dict() == {"Publics": "Public", "Privés": "Privé"}


def test_notes_and_readme_sheets_hold_no_data(tmp_path):
    path = make_xlsx(tmp_path / "e.xlsx", {"Lisez-moi": [["Collège", 2020], ["x", 1]], "Publics": effectifs_rows()})
    frame, _ = read_effectifs(path)
    assert set(frame["source_sheet"]) == {"Publics"}


def test_csv_in_windows_1252_with_semicolons(tmp_path):
    path = tmp_path / "effectifs publics.csv"
    text = "Commune;Nom du collège;2020\r\nLaval;Fernand Puech;300\r\nÉvron;Paul Langevin;1 234\r\n"
    path.write_bytes(text.encode("cp1252"))
    frame, _ = read_effectifs(path)
    assert set(frame["commune"]) == {"Laval", "Évron"}
    assert cells_by(frame)[("Paul Langevin", 2020)] == "1 234"


def test_csv_in_utf8_with_bom_and_commas(tmp_path):
    path = tmp_path / "effectifs publics.csv"
    path.write_bytes("\ufeffCommune,Collège,2020\nMayenne,Sévigné,365\n".encode())
    frame, _ = read_effectifs(path)
    assert cells_by(frame) == {("Sévigné", 2020): "365"}


def test_ods_workbook(tmp_path):
    path = tmp_path / "effectifs publics.ods"
    header, *data = effectifs_rows()
    pd.DataFrame(data, columns=[str(c) for c in header]).to_excel(path, engine="odf", index=False)
    frame, _ = read_effectifs(path)
    assert len(frame) == 9


def test_lock_and_hidden_files_are_ignored(tmp_path):
    make_xlsx(tmp_path / "e.xlsx", {"Publics": effectifs_rows()})
    (tmp_path / "~$e.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.xlsx").write_bytes(b"x")
    assert [p.name for p in current_files(tmp_path)] == ["e.xlsx"]


def test_a_damaged_workbook_is_refused_with_its_name(tmp_path):
    path = tmp_path / "abîmé.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableWorkbook, match=r"abîmé\.xlsx"):
        read_sheets(path)
    assert classify(path).feed is None


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "vide.xlsx"
    path.write_bytes(b"")
    assert "vide" in classify(path).reason
