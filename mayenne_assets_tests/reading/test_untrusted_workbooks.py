"""Reading files no one checked: a stray cell far away, error cells, formulas without a saved value, dates as
year headers, CSV separators, names of any length. Whatever the file, the reading process survives and the error
names the file, sheet and cell."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from mayenne_assets.lib.drive.layout import MAX_NAME_BYTES, archive_snapshot, quarantine, report_path
from mayenne_assets.lib.drive.snapshot import UnreadableWorkbook, take_snapshot
from mayenne_assets.lib.read.classify import classify
from mayenne_assets.lib.read.raw_tables import read_family_files
from mayenne_assets.lib.read.spreadsheet_parse import MAX_CELLS, MAX_ROWS, _check_extent
from mayenne_assets.lib.read.workbook import READER_MEMORY_BYTES, _parse_in_child, read_csv, read_sheets
from mayenne_assets_tests.support.settings import MAYENNE
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx, set_cells


@pytest.mark.parametrize(("reference", "limit"), [("XFD1048576", "cellules"), ("A1048576", "200\u202f000 lignes")])
def test_a_stray_cell_far_away_is_refused_before_any_grid_is_built(tmp_path, reference, limit):
    path = set_cells(make_xlsx(tmp_path / "effectifs publics.xlsx", {"Publics": effectifs_rows()}), {reference: "x"})
    with pytest.raises(UnreadableWorkbook, match=rf"l'onglet « Publics » va jusqu'à la cellule {reference} .*{limit}"):
        read_sheets(path)
    assert "supprimez les lignes et colonnes au-delà du tableau" in classify(path).reason


@pytest.mark.parametrize(("rows", "columns", "refused"), [
    (MAX_ROWS, MAX_CELLS // MAX_ROWS, False), (MAX_ROWS, MAX_CELLS // MAX_ROWS + 1, True),
    (MAX_ROWS + 1, 1, True), (7_000, 40, False), (1, 16_384, False),
])
def test_the_extent_limit_is_200_000_rows_or_5_million_cells(rows, columns, refused):
    assert (MAX_ROWS, MAX_CELLS) == (200_000, 5_000_000)
    if refused:
        with pytest.raises(UnreadableWorkbook, match="au-delà de la limite"):
            _check_extent("Publics", rows, columns, "reaches far")
    else:
        _check_extent("Publics", rows, columns, "reaches far")


def test_a_reader_that_runs_out_of_memory_ends_its_child_process_not_this_one(tmp_path):
    """The child's limits are the last guard, for files no scan understands: shown here with a tiny limit."""
    rows = [["Commune", "Collège", *range(1985, 2022)]] + [["Laval", f"C{i}", *range(37)] for i in range(10000)]
    path = make_xlsx(tmp_path / "grand.xlsx", {"Publics": rows})
    snapshot = take_snapshot(path)
    with pytest.raises(UnreadableWorkbook, match=r"grand.xlsx : le classeur (n'a pas pu être ouvert dans la "
                                                 r"limite de mémoire du lecteur|"
                                                 r"ne peut pas être ouvert \(out of memory\))"):
        _parse_in_child(snapshot.name, ".xlsx", snapshot.data, memory_bytes=40 * 1024**2)
    assert len(_parse_in_child(snapshot.name, ".xlsx", snapshot.data, READER_MEMORY_BYTES)[0].rows) == 10001


def test_an_error_cell_or_a_formula_without_saved_value_is_an_error_naming_the_cell(tmp_path):
    path = make_xlsx(tmp_path / "effectifs publics.xlsx", {"Publics": effectifs_rows()})
    set_cells(path, {"D3": "#REF!", "E4": "=C4+1", "F1": "Évolution (%)", "F2": "#DIV/0!"},
              data_types={"D3": "e", "F2": "e"})  # F is a derived column, dropped: its error is no problem
    _, report = read_family_files([path], {"effectifs"}, MAYENNE)
    assert report.bad_cells == [
        "effectifs publics.xlsx, onglet « Publics », cellule D3 (2020) : la cellule affiche l'erreur #REF! ; "
        "corrigez-la ou tapez la valeur",
        "effectifs publics.xlsx, onglet « Publics », cellule E4 (2021) : une formule dont la valeur n'a jamais été "
        "enregistrée (ouvrez le classeur dans Excel et enregistrez-le de nouveau) ; corrigez-la ou tapez la valeur",
    ]


def test_a_year_header_typed_as_a_date_is_read_as_that_year(tmp_path):
    rows = effectifs_rows([2019, 2020, dt.datetime(2021, 1, 1)])
    path = make_xlsx(tmp_path / "effectifs publics.xlsx", {"Publics": rows})
    set_cells(path, {}, number_formats={"E1": "yyyy"})
    frames, report = read_family_files([path], {"effectifs"}, MAYENNE)
    assert sorted(set(frames["effectifs"]["rentree_scolaire"])) == [2019, 2020, 2021]
    assert not report.dropped_columns


def test_a_comma_separated_csv_whose_quoted_cells_hold_semicolons_is_split_on_commas():
    text = ('Établissement,Type,Formations,Commune\n'
            '"IUT de Laval",IUT,"BUT Informatique ; BUT GEA ; BUT TC",Laval\n'
            '"Faculté ; antenne",Université,"Licence Droit ; Licence AES",Laval\n')
    sheet = read_csv("superieur", text.encode())
    assert sheet.rows[1] == ["IUT de Laval", "IUT", "BUT Informatique ; BUT GEA ; BUT TC", "Laval"]
    assert sheet.read_as == "lu comme un CSV séparé par « , »"


def test_a_csv_without_header_names_the_separator_it_was_read_with(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("Poste;Montant\nx;1\n", encoding="utf-8")
    assert "lu comme un CSV séparé par « ; » : est-ce bien son séparateur ?" in classify(path).reason


def test_names_of_any_length_are_archived_and_quarantined_shortened_with_their_sha256(tmp_path):
    drive = tmp_path / "drive"
    drive.mkdir()
    name = "Effectifs des collèges publics " + "é" * 100 + ".xlsx"  # 236 bytes: no room for a prefix
    assert MAX_NAME_BYTES - 20 < len(name.encode()) < 256
    path = make_xlsx(drive / name, {"Publics": effectifs_rows()})
    snapshot = take_snapshot(path)
    archive_snapshot(drive, snapshot)
    [archived] = (drive / "_archives").iterdir()
    assert archived.read_bytes() == path.read_bytes() and snapshot.sha256[:12] in archived.name
    target = quarantine(drive, path, snapshot.sha256, "rapport")
    assert target.exists() and report_path(target).read_text(encoding="utf-8") == "rapport"
    assert target.name.endswith(f"~{snapshot.sha256[:12]}.xlsx") and len(os.fsencode(report_path(target).name)) <= 255


def _with_far_ods_cell(path):
    """An .ods whose sheet holds one more value at its last row and column, as LibreOffice writes it: the
    empty rows and columns before it repeated."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    far = ('<table:table-row table:number-rows-repeated="1048500"><table:table-cell/></table:table-row>'
           '<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell '
           'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    members["content.xml"] = members["content.xml"].replace(b"</table:table>", far.encode() + b"</table:table>", 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_reaching_past_the_cell_limit_says_so(tmp_path):
    import pandas as pd

    path = tmp_path / "effectifs publics.ods"
    rows = effectifs_rows()
    pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]]).to_excel(path, engine="odf", index=False)
    _with_far_ods_cell(path)
    with pytest.raises(UnreadableWorkbook, match=r"effectifs publics.ods : un onglet s'étend trop loin pour tout "
                                                 r"lecteur "
                                                 r"\(Cell limit exceeded .*supprimez les lignes et colonnes au-delà"):
        read_sheets(path)


def _xls(path, rows, far=None):
    """An .xls (BIFF8) workbook, as Excel 97-2003 saves it, with one more value at far (row, column), 0-based."""
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Publics")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    if far:
        sheet.write(*far, "x")
    workbook.save(str(path))
    return path


def test_an_xls_with_a_stray_cell_at_its_last_cell_is_refused_before_any_grid(tmp_path):
    """The grid of an .xls reaching IV65536 is 16 million cells: the reader is given too little memory for it,
    and the refusal still names the cell, since the records are measured first."""
    path = _xls(tmp_path / "effectifs publics.xls", effectifs_rows(), far=(65535, 255))
    snapshot = take_snapshot(path)
    with pytest.raises(UnreadableWorkbook,
                       match=r"l'onglet « Publics » va jusqu'à la cellule IV65536 .*supprimez les lignes et colonnes"):
        _parse_in_child(snapshot.name, ".xls", snapshot.data, memory_bytes=300 * 1024**2)
    assert "va jusqu'à la cellule IV65536" in classify(path).reason


def test_an_xls_is_read_like_any_workbook_and_an_xlsx_named_xls_too(tmp_path):
    path = _xls(tmp_path / "effectifs publics.xls", effectifs_rows())
    [sheet] = read_sheets(path)
    assert sheet.rows[0][:2] == ["Commune", "Collège"] and len(sheet.rows) == len(effectifs_rows())
    misnamed = make_xlsx(tmp_path / "effectifs.xlsx", {"Publics": effectifs_rows()}).rename(tmp_path / "effectifs.xls")
    assert len(read_sheets(misnamed)[0].rows) == len(effectifs_rows())
