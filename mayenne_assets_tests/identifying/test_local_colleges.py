"""The local knowledge file: other names of a collège and collèges not yet in the directory, edited without code;
an entry whose UAI is malformed or unknown stops the run with a clear error."""

from __future__ import annotations

import dataclasses

import pytest

from mayenne_assets.lib.common.uai import uai_key
from mayenne_assets.lib.identify.local_colleges import read_local_knowledge
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.settings import MAYENNE
from mayenne_assets_tests.support.workbooks import make_xlsx

NEW_UAI = "0530991" + uai_key("0530991")


def _with_knowledge(settings, text: str):
    path = settings.shared_drive.parent / "colleges_locaux.toml"
    path.write_text(text, encoding="utf-8")
    return dataclasses.replace(settings, local_colleges=path)


def test_a_usual_name_and_a_collège_not_yet_in_the_directory_resolve(sample_settings):
    settings = _with_knowledge(sample_settings, f"""
[[nom]]
uai = "0530484N"
nom = "Les Remparts du Vieux Laval"
commune = "Laval"

[[college]]
uai = "{NEW_UAI}"
nom = "Collège des Trois Rivières"
commune = "Laval"
code_commune = "53130"
secteur = "Public"
""")
    make_xlsx(settings.shared_drive / "Effectifs complément.xlsx", {"Publics": [
        ["Commune", "Collège", 2021], ["Laval", "Les Remparts du Vieux Laval", 455], ["Laval", "Trois Rivières", 120]]})
    result = materialize_group(settings, "effectifs")
    assert result.success, failure_message(result)
    export = read_export(settings, "effectifs")
    got = {r.uai: (r.nom_etablissement, r.effectif) for r in export[export["rentree_scolaire"] == "2021"].itertuples()}
    assert got[NEW_UAI] == ("Collège des Trois Rivières", "120")
    assert got["0530484N"][1] == "455"  # the usual name resolved; this workbook, received last, revises 2021
    metadata = result.asset_materializations_for_node("ref_colleges")[0].metadata
    assert metadata["local_collèges_added"].value == [f"{NEW_UAI} Collège des Trois Rivières"]


@pytest.mark.parametrize(("entry", "expected"), [
    ('[[nom]]\nuai = "0530484M"\nnom = "X"', "[[nom]] n° 1 : uai « 0530484M » n'est pas un UAI"),
    ('[[nom]]\nuai = "0530992" \nnom = "X"', "[[nom]] n° 1 : uai « 0530992 » n'est pas un UAI"),
    (f'[[nom]]\nuai = "{NEW_UAI}"\nnom = "X"', f"désigne l'uai {NEW_UAI}, qui n'est ni un collège de l'annuaire"),
    ('[[college]]\nuai = "0441151M"\nnom = "X"\ncommune = "Nantes"\ncode_commune = "44109"\nsecteur = "Public"',
     "[[college]] n° 1 : l'uai 0441151M est du département 044, pas de la Mayenne"),
    ('[[college]]\nuai = "0530484N"\nnom = "X"\ncommune = "Laval"', "[[college]] n° 1 : « code_commune » manque"),
])
def test_a_wrong_entry_is_a_clear_error_and_nothing_is_published(sample_settings, entry, expected):
    settings = _with_knowledge(sample_settings, entry)
    result = materialize_group(settings, "effectifs", raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    assert "colleges_locaux.toml" in message and expected in message, message[:1500]
    assert not (settings.portal_dir / "225300011_effectifs-colleges").exists()


def test_the_shipped_file_knows_nothing_yet_and_reads_cleanly():
    from mayenne_assets.settings import PROJECT_ROOT

    knowledge = read_local_knowledge(PROJECT_ROOT / "data" / "reference" / "colleges_locaux.toml", MAYENNE)
    assert knowledge.problems == () and knowledge.names == () and knowledge.colleges == ()
