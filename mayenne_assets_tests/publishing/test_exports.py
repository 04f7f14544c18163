from __future__ import annotations

import json

import pandas as pd

from mayenne_assets.lib.export.files import neutralise_formula, write_export
from mayenne_assets.lib.export.schemas import dataset_schema
from mayenne_assets_tests.support.settings import DATASETS

EFFECTIFS = dataset_schema(DATASETS["effectifs"])


def test_formula_like_text_is_neutralised_but_numbers_are_not():
    assert neutralise_formula('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_formula("-12") == "-12"
    assert neutralise_formula("+33 2 43") == "'+33 2 43"
    assert neutralise_formula("Collège") == "Collège"


def test_signed_decimals_and_coordinate_pairs_are_written_as_they_are():
    """La Réunion's positions start with « - »: a spreadsheet reads them as numbers, not as formulas."""
    for number in ("-21.2451, 55.3312", "-21,2451", "+1.5e-3", "-12;-13"):
        assert neutralise_formula(number) == number
    for formula in ("-21.2, 55.3+cmd", "-A1", "+SUM(A1:A3)", "-2+3"):
        assert neutralise_formula(formula) == "'" + formula


def test_export_files_follow_the_publication_conventions(tmp_path):
    frame = pd.DataFrame({"nom": ["=cmd", "Évron"], "valeur": [1.5, 2.0]})
    files = write_export({"225300011_test": (frame, EFFECTIFS)}, "225300011_test", "Test", tmp_path)
    raw = files["225300011_test.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert raw.decode("utf-8-sig").splitlines() == ["nom;valeur", "'=cmd;1.5", "Évron;2.0"]
    assert pd.read_parquet(files["225300011_test.parquet"]).equals(frame)


def test_table_schema_is_generated_from_the_pandera_schema(tmp_path):
    files = write_export({"225300011_test": (pd.DataFrame({"a": [1]}), EFFECTIFS)}, "225300011_test", "Test",
                         tmp_path)
    package = json.loads(files["datapackage.json"].read_text(encoding="utf-8"))
    schema = package["resources"][0]["schema"]
    assert [f["name"] for f in schema["fields"]] == list(EFFECTIFS.columns)
    assert schema["primaryKey"] == ["uai", "rentree_scolaire"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["effectif"]["type"] == "integer" and fields["effectif"]["description"]
