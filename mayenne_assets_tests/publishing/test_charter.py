"""The graphic charter as configuration: a territory's colours, font and logo on its charts, map and pages, a
sober default, and a charter that cannot be used stopping the code location with the key named."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from mayenne_assets.definitions import build_definitions
from mayenne_assets.lib.common.charter import DEFAULT_CHARTER, CharterError, load_charter
from mayenne_assets.lib.valorise import charts
from mayenne_assets.lib.valorise.college_map import college_map
from mayenne_assets.lib.valorise.report import dataset_page, pages_in
from mayenne_assets_tests.support.settings import MAYENNE

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>'


def _charter(folder, **changes) -> str:
    text = DEFAULT_CHARTER.read_text(encoding="utf-8").replace('public = "#1f5fa8"', 'public = "#0b6e4f"')
    text = text.replace('police = "system-ui', 'police = "Marianne, system-ui')
    text = text.replace('logo = ""', 'logo = "logo.svg"')
    for old, new in changes.items():
        text = text.replace(old, new)
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    (folder / "charte.toml").write_text(text, encoding="utf-8")
    return folder / "charte.toml"


def test_the_default_charter_is_sober_and_complete():
    charter = load_charter(DEFAULT_CHARTER)
    assert charter.logo is None and charter.colour("public").startswith("#")


def test_a_territory_s_charter_colours_its_charts_map_and_pages(tmp_path):
    charter = load_charter(_charter(tmp_path))
    spec = json.dumps(charts.sector_shares(pd.DataFrame({"rentree_scolaire": [2021, 2021], "secteur": [
        "Public", "Privé"], "effectif": [300, 200]}), MAYENNE, charter).to_dict())
    assert "#0b6e4f" in spec and "Marianne" in spec
    row = {"Nom_etablissement": "Collège A", "Statut_public_prive": "Public", "Nombre_d_eleves": 400,
           "Telephone": None, "Adresse_1": "1 rue", "Code_postal": "53000", "Nom_commune": "Laval",
           "latitude": 48.07, "longitude": -0.77}
    path, _ = college_map(pd.DataFrame([row]), tmp_path / "carte", charter)
    assert "#0b6e4f" in path.read_text(encoding="utf-8") and "Marianne" in path.read_text(encoding="utf-8")
    pages = pages_in(tmp_path / "pages", charter, MAYENNE.publisher)
    page = dataset_page(pages, "x", "Titre", "Texte", None, pd.DataFrame({"a": ["1"]}), "x/").read_text("utf-8")
    assert '<img class="logo" src="logo.svg" alt="Département de la Mayenne">' in page and "Marianne" in page
    assert (tmp_path / "pages" / "logo.svg").read_text(encoding="utf-8") == LOGO


@pytest.mark.parametrize(("change", "named"), [
    ({'prive = "#b35a00"': 'prive = "orange"'}, "not #rrggbb ['prive']"),
    ({'texte = "#222222"\n': ""}, "missing ['texte']"),
    ({'logo = "logo.svg"': 'logo = "absent.png"'}, "logo 'absent.png'"),
    ({"police = \"Marianne": "police = \"x;} body{display:none"}, "police must be a CSS font family"),
])
def test_a_charter_that_cannot_be_used_stops_the_code_location_naming_the_key(tmp_path, settings, change, named):
    path = _charter(tmp_path, **change)
    with pytest.raises(CharterError, match="charte.toml: .*" + named.replace("[", r"\[").replace("]", r"\]")):
        build_definitions(dataclasses.replace(settings, charter=path))
