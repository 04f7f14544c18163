"""The local portal is browsable: its catalogue page renders in headless Chromium and shows every dataset; the
catalogue is also exported in the SCDL "catalogue simplifié" form."""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from mayenne_assets.datasets import DATASETS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(page, *args, profile) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)


def test_the_scdl_catalogue_lists_every_published_dataset(sample_publication):
    settings = sample_publication(None).settings
    with (settings.portal_dir / "catalogue_scdl.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert sorted(r["identifiant"] for r in rows) == sorted(d.dataset_id for d in DATASETS.values())
    assert {r["producteur_siren"] for r in rows} == {"225300011"}
    assert all(r["licence"] and r["couverture_temporelle_debut"] for r in rows)


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
