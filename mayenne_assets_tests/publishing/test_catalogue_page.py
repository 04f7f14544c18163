"""The local portal is browsable: its catalogue page renders in headless Chromium and shows every dataset; the
catalogue is also exported in Etalab's "catalogue de données" schema, and valid against it."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from mayenne_assets_tests.support.catalogue import CATALOGUE_SCHEMA, validate_catalogue
from mayenne_assets_tests.support.settings import DATASETS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(page, *args, profile) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)


def test_the_catalogue_is_valid_against_etalab_s_catalogue_schema(sample_publication):
    settings = sample_publication(None).settings
    path = settings.portal_dir / "catalogue_donnees.csv"
    report = validate_catalogue(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [f["name"] for f in json.loads(CATALOGUE_SCHEMA.read_text(encoding="utf-8"))["fields"]]
    assert sorted(r["titre"] for r in rows) == sorted(d.title for d in DATASETS.values())
    assert {r["siret_orga"] for r in rows} == {"22530001100015"} and {r["freq_maj"] for r in rows} == {"Annuelle"}
    assert all(r["url"].startswith("file://") and r["url"].endswith(("colleges", "superieur")) for r in rows)


def test_the_reference_example_is_valid_and_a_wrong_catalogue_is_not(tmp_path):
    """The validation above means something: the schema's own example passes, a catalogue with our old labels fails."""
    assert validate_catalogue(CATALOGUE_SCHEMA.with_name("exemple-valide.csv")).valid
    old = tmp_path / "ancien.csv"
    old.write_text("identifiant,titre,description\n225300011_x,Titre,Description\n", encoding="utf-8")
    assert not validate_catalogue(old).valid


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_catalogue_page_renders_in_chromium_and_shows_every_dataset(sample_publication, tmp_path):
    settings = sample_publication(None).settings
    page = settings.portal_dir / "index.html"
    screenshot = tmp_path / "catalogue.png"
    _chromium(page, f"--screenshot={screenshot}", "--window-size=1280,2400", profile=tmp_path / "p1")
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = _chromium(page, "--dump-dom", profile=tmp_path / "p2").stdout
    for dataset in DATASETS.values():
        assert dataset.title.replace("'", "&#x27;") in dom or dataset.title in dom, dataset.dataset_id
        assert f'id="{dataset.dataset_id}"' in dom
    assert "225300011_effectifs-colleges/versions/" in dom  # download links
