"""The charts, the map and the report page, drawn from the validated exports of a fresh run on the sample drive,
looked at in headless Chromium with no network: the screenshots land in data/screenshots/ (git-ignored)."""

from __future__ import annotations

import re
import struct

import pytest

from mayenne_assets.sample.directory import colleges
from mayenne_assets.settings import PROJECT_ROOT
from mayenne_assets_tests.support.browser import CHROMIUM, render
from mayenne_assets_tests.support.settings import MAYENNE, SITE

SCREENSHOTS = PROJECT_ROOT / "data" / "screenshots"
EXPECTED_CHARTS = {"effectifs_depuis_1985", "public_prive", "arrondissements", "sections_specialisees",
                   "principaux_femmes_hommes", "actions_par_annee"}


def test_every_chart_is_drawn_as_png_and_svg_titled_with_its_source(sample_publication):
    settings, result, _ = sample_publication(None)
    folder = settings.portal_dir / "valorisation" / "graphiques"
    assert {p.stem for p in folder.glob("*.png")} == {p.stem for p in folder.glob("*.svg")} == EXPECTED_CHARTS
    for stem in EXPECTED_CHARTS:
        svg = (folder / f"{stem}.svg").read_text(encoding="utf-8")
        assert "Source : " in svg and "Département de la Mayenne" in svg, stem
        width = struct.unpack(">I", (folder / f"{stem}.png").read_bytes()[16:20])[0]  # the PNG header's width
        assert width >= 1400, stem  # readable on a slide
    assert "Rentrée scolaire" in (folder / "effectifs_depuis_1985.svg").read_text(encoding="utf-8")
    metadata = result.asset_materializations_for_node("graphiques")[0].metadata
    assert metadata["arrondissements"].value.startswith("![")  # shown in the Dagster UI


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_report_the_map_and_a_dataset_page_render_offline(sample_publication, tmp_path):
    settings = sample_publication(None).settings
    folder = settings.portal_dir / "valorisation"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"rapport": folder / "rapport.html", "carte": folder / "carte.html",
             "jeu_effectifs": folder / "225300011_effectifs-colleges.html"}
    for name, page in pages.items():
        shot = SCREENSHOTS / f"{name}.png"
        render(page, f"--screenshot={shot}", "--window-size=1280,1600", profile=tmp_path / name)
        assert shot.stat().st_size > 20_000, name  # a drawn page, not a blank one
    report = render(pages["rapport"], "--dump-dom", profile=tmp_path / "r")
    assert "41 collèges" in report and "élèves à la rentrée 2021" in report
    assert all(f"graphiques/{stem}.svg" in report for stem in EXPECTED_CHARTS)
    the_map = render(pages["carte"], "--dump-dom", profile=tmp_path / "m", budget_ms=6000)
    directory = {c.uai for c in colleges()}
    assert the_map.count("leaflet-interactive") == len(directory)  # every marker drawn, with no network at all
    source = pages["carte"].read_text(encoding="utf-8")
    points = [(float(lat), float(lon)) for lon, lat in  # one GeoJSON layer: [longitude, latitude]
              re.findall(r'"coordinates": \[([\d.-]+), ([\d.-]+)\]', source)]
    assert len(points) == len(directory) and all(MAYENNE.inside(lat, lon) for lat, lon in points)
    assert not re.search(r'(?:src|href)="https?://', source)  # no script or style from a CDN
    page = render(pages["jeu_effectifs"], "--dump-dom", profile=tmp_path / "d")
    assert page.count("<tr>") >= 21 and 'id="apercu"' in page  # the header and the first 20 rows
    catalogue = (settings.portal_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="valorisation/rapport.html"' in catalogue


def test_the_map_reads_for_a_person_and_agrees_with_the_report(sample_publication):
    """Every collège as a circle whose area is its enrolment at the latest rentrée (the year said), those without
    one apart and explained, the territory's outline, a title, in French, zoom allowed; its counts are the
    report's."""
    import json

    folder = sample_publication(None).settings.portal_dir / "valorisation"
    page = (folder / "carte.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "<title>Les collèges — Département de la Mayenne</title>" in page
    assert "user-scalable=no" not in page and "maximum-scale" not in page
    assert '"code": "53"' in page  # the Mayenne's outline, and no other département's
    assert '"code": "72"' not in page
    layers = [json.JSONDecoder().raw_decode(page, m.end())[0] for m in re.finditer(r"geo_json_\w+_add\(", page)]
    [features] = [layer["features"] for layer in layers if "fiche" in layer["features"][0]["properties"]]
    enrolled = [(f["properties"]["fiche"], f["properties"]["style"]["radius"]) for f in features
                if "élèves à la rentrée 2021" in f["properties"]["fiche"]]
    apart = [f for f in features if "effectif non publié pour la rentrée 2021" in f["properties"]["fiche"]]
    assert len(enrolled) + len(apart) == len(features) == len(colleges())
    by_pupils = sorted((int(re.search(r"([\d\u202f]+) élèves", fiche).group(1).replace("\u202f", "")), radius)
                       for fiche, radius in enrolled)
    assert [r for _, r in by_pupils] == sorted(r for _, r in by_pupils) and by_pupils[0][1] < by_pupils[-1][1]
    counts = json.loads((folder / "carte.json").read_text(encoding="utf-8"))
    assert counts == {"colleges": len(features), "avec_effectif": len(enrolled), "rentree": 2021}
    report = (folder / "rapport.html").read_text(encoding="utf-8")
    assert f"{len(enrolled)} collèges, " in report  # the enrolments' count, the map's too
    assert f"les {len(features)} collèges de l'annuaire, dont {len(enrolled)} avec un effectif à la rentrée 2021" \
        in report


def test_shares_are_donuts_dataset_pages_start_with_the_latest_year_and_the_catalogue_links_them(sample_publication):
    import pandas as pd

    from mayenne_assets.lib.valorise import charts

    settings = sample_publication(None).settings
    shares = charts.sector_shares(pd.DataFrame({"rentree_scolaire": [2021, 2021], "secteur": ["Public", "Privé"],
                                                "effectif": [300, 200]}), MAYENNE, SITE.charter).to_dict()
    assert "arc" in json_marks(shares)
    heads = charts.heads_by_civilite(pd.DataFrame({"civilite": ["Mme", "M.", "M."]}), MAYENNE,
                                     SITE.charter).to_dict()
    assert "arc" in json_marks(heads) and "Non précisé" not in str(heads)  # only the categories there are
    page = (settings.portal_dir / "valorisation" / "225300011_effectifs-colleges.html").read_text(encoding="utf-8")
    years = re.findall(r"<tr><td>(\d{4})</td>", page)
    assert years and years[0] == "2021" and years == sorted(years, reverse=True)
    catalogue = (settings.portal_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="valorisation/225300011_effectifs-colleges.html"' in catalogue


def json_marks(spec: dict) -> set[str]:
    """Every mark type of a Vega-Lite spec, its layers included."""
    found = set()
    for layer in [spec, *spec.get("layer", [])]:
        mark = layer.get("mark")
        found |= {mark["type"] if isinstance(mark, dict) else mark} if mark else set()
    return found


def test_each_dataset_page_says_where_its_data_come_from(sample_publication):
    """« D'où viennent ces données ? »: the auditor's trail on the portal, each published column with the chain's
    columns it is computed from and the workbook labels it is read under, and the version's workbooks."""
    from mayenne_assets_tests.support.settings import DATASETS

    settings = sample_publication(None).settings
    folder = settings.portal_dir / "valorisation"
    for dataset in DATASETS.values():
        page = (folder / f"{dataset.dataset_id}-origine.html").read_text(encoding="utf-8")
        assert f'href="{dataset.dataset_id}-origine.html"' in (folder / f"{dataset.dataset_id}.html").read_text(
            encoding="utf-8")
        assert "<caption>Origine de chaque colonne</caption>" in page and "sha256" in page, dataset.group
    effectifs = (folder / "225300011_effectifs-colleges-origine.html").read_text(encoding="utf-8")
    assert "<th scope=\"row\">effectif</th><td>raw_effectifs.effectif</td>" in effectifs
    assert "Effectifs collèges 1985-2021.xlsx" in effectifs and "« Rentrée 1985 »" in effectifs


def test_quantities_are_written_in_french_and_years_as_they_are():
    import pandas as pd

    from mayenne_assets.lib.common.text import french_number
    from mayenne_assets.lib.export.schemas import quantities
    from mayenne_assets.lib.valorise.report import _cells
    from mayenne_assets_tests.support.settings import DATASETS

    assert (french_number("1505"), french_number("-0.7712"), french_number("0530001N")) == (
        "1\u202f505", "-0,7712", "0530001N")
    assert "effectif" in quantities(DATASETS["effectifs"]) and "rentree_scolaire" not in quantities(
        DATASETS["effectifs"])
    cells = _cells(pd.DataFrame({"rentree_scolaire": ["2021"], "effectif": ["1505"]}), {"effectif"})
    assert cells == "<tr><td>2021</td><td>1\u202f505</td></tr>"
