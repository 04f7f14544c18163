"""A catalogue data.gouv.fr and the European data portal can harvest: DCAT-AP 3.0 in Turtle and JSON-LD, valid
against the official SHACL shapes (fixtures/dcat-ap/, copied from the SEMICeu repository), with public URLs, on the
local portal and on OpenDataSoft; the Etalab catalogue's values and the Table Schema packages' own description."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef, namespace
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from mayenne_assets.lib.publish.backends import OdsBackend
from mayenne_assets.lib.publish.catalogue import SENT_FOLDER, Site, refresh_catalogue
from mayenne_assets.lib.publish.ods_client import OdsClient, RetryPolicy
from mayenne_assets_tests.support.catalogue import validate_catalogue
from mayenne_assets_tests.support.ods_server import FakeOpenDataSoft
from mayenne_assets_tests.support.openapi_check import KEY
from mayenne_assets_tests.support.settings import DATASETS, MAYENNE, SITE

EFFECTIFS = DATASETS["effectifs"]

SHAPES = Path(__file__).parents[1] / "fixtures" / "dcat-ap"
EU = "http://publications.europa.eu/resource/authority/"
PUBLIC = "https://donnees.lamayenne.fr/portail"


def _violations(graph: Graph) -> list[str]:
    """What the mandatory shapes, the range shapes and the recommended shapes find (warnings included)."""
    found = []
    for name in ("dcat-ap-SHACL.ttl", "range.ttl", "shapes_recommended.ttl"):
        conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES / name), inference="none")
        if not conforms or "Severity: sh:Warning" in text:
            found.append(f"{name}: {text[:2000]}")
    return found


def _catalogue(folder: Path) -> Graph:
    return Graph().parse(folder / "catalogue.ttl")


@pytest.fixture(scope="module")
def published(sample_publication, tmp_path_factory):
    """Every dataset of the sample drive published on the local portal (a copy, so that refreshing it with a
    public URL leaves the session's publication as it was)."""
    portal = tmp_path_factory.mktemp("dcat") / "portal"
    shutil.copytree(sample_publication(None).settings.portal_dir, portal)
    return portal


def test_the_catalogue_is_dcat_ap_3_valid_in_turtle_and_json_ld(published):
    graph = _catalogue(published)
    assert _violations(graph) == []
    assert isomorphic(graph, Graph().parse(published / "catalogue.jsonld", format="json-ld"))
    datasets = set(graph.subjects(RDF.type, namespace.DCAT.Dataset))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in datasets} == {d.dataset_id for d in DATASETS.values()}


def test_each_dataset_says_licence_frequency_period_place_and_its_downloads(published):
    graph = _catalogue(published)
    [effectifs] = graph.subjects(DCTERMS.identifier, Literal(EFFECTIFS.dataset_id))
    assert graph.value(effectifs, DCTERMS.accrualPeriodicity) == URIRef(f"{EU}frequency/ANNUAL")
    assert graph.value(effectifs, namespace.DCAT.theme) == URIRef(f"{EU}data-theme/EDUC")
    period = graph.value(effectifs, DCTERMS.temporal)
    assert (str(graph.value(period, namespace.DCAT.startDate)), str(graph.value(period, namespace.DCAT.endDate))) == (
        "1985-09-01", "2022-08-31")
    assert graph.value(effectifs, DCTERMS.spatial) == URIRef("https://geo.api.gouv.fr/departements/53")
    assert str(graph.value(effectifs, DCTERMS.modified)) == "2022-01-10"  # the workbook's, not the publication's
    publisher = graph.value(effectifs, DCTERMS.publisher)
    assert str(graph.value(publisher, DCTERMS.identifier)) == "225300011"
    distributions = list(graph.objects(effectifs, namespace.DCAT.distribution))
    assert {str(graph.value(d, DCTERMS.format)).rsplit("/", 1)[1] for d in distributions} == {"CSV", "PARQUET", "JSON"}
    for distribution in distributions:
        assert graph.value(distribution, DCTERMS.license) == URIRef(
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
        path = Path(str(graph.value(distribution, namespace.DCAT.downloadURL)).removeprefix("file://"))
        assert path.is_file() and int(graph.value(distribution, namespace.DCAT.byteSize)) == path.stat().st_size


def test_the_validation_means_something_a_dataset_without_title_fails(published):
    graph = _catalogue(published)
    [effectifs] = graph.subjects(DCTERMS.identifier, Literal(EFFECTIFS.dataset_id))
    graph.remove((effectifs, DCTERMS.title, None))
    assert any("dcat-ap-SHACL.ttl" in problem for problem in _violations(graph))


def test_a_served_portal_s_catalogues_give_its_public_urls(published):
    refresh_catalogue(published, Site(MAYENNE, PUBLIC))
    graph = _catalogue(published)
    assert _violations(graph) == []
    urls = [str(u) for u in graph.objects(None, namespace.DCAT.downloadURL)]
    assert urls and all(u.startswith(f"{PUBLIC}/225300011_") and "/versions/" in u for u in urls)
    with (published / "catalogue_donnees.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["url"] for r in rows} == {f"{PUBLIC}/index.html#{d.dataset_id}" for d in DATASETS.values()}
    assert {r["licence"] for r in rows} == {"Licence Ouverte v2.0"}
    assert {r["date_maj"] for r in rows} <= {"2022-01-10"} | {r["date_pub"] for r in rows}
    assert {r["contact_personne"] for r in rows} == {"opendata@lamayenne.fr"}  # none configured: the service's


def test_the_table_schema_packages_say_licence_sources_contributors_and_creation(sample_publication):
    settings = sample_publication("effectifs").settings
    package = json.loads((settings.exports_dir / EFFECTIFS.dataset_id / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] == [{"name": "etalab-2.0", "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                                    "title": "Licence Ouverte v2.0 (Etalab)"}]
    assert package["sources"] == [{"title": "Effectifs collèges 1985-2021.xlsx"}]
    assert package["contributors"][0]["title"] == "Département de la Mayenne"
    assert package["contributors"][0]["role"] == "publisher" and package["created"] == "2022-01-10T00:00:00Z"


# On OpenDataSoft: the catalogue lists what the portal publishes, with the portal's own pages.

@pytest.fixture
def portal(tmp_path):
    with FakeOpenDataSoft(KEY) as fake:
        yield fake


def _rows(root: Path) -> list[dict]:
    with (root / "catalogue_donnees.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_with_opendatasoft_the_catalogues_list_what_the_portal_publishes(portal, export, tmp_path):
    files, record = export
    root = tmp_path / "portal"
    backend = OdsBackend(OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0)), root / SENT_FOLDER, SITE,
                         poll=0.0)
    backend.publish(EFFECTIFS.dataset_id, files, {**record, "contact_person": "anne.martin@lamayenne.fr"})
    page = f"{portal.url}/explore/dataset/{EFFECTIFS.dataset_id}/"
    [row] = _rows(root)
    assert (row["titre"], row["url"], row["contact_personne"]) == (record["title"], page, "anne.martin@lamayenne.fr")
    report = validate_catalogue(root / "catalogue_donnees.csv")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert "1 jeux de données publiés" in (root / "index.html").read_text(encoding="utf-8")
    graph = _catalogue(root)
    assert _violations(graph) == []
    assert str(graph.value(URIRef(page), namespace.DCAT.landingPage)) == page
    assert f"{portal.url}/api/explore/v2.1/catalog/datasets/{EFFECTIFS.dataset_id}/exports/csv" in {
        str(u) for u in graph.objects(None, namespace.DCAT.downloadURL)}
    backend.publish(EFFECTIFS.dataset_id, files, {**record, "title": "Un autre titre", "records": record["records"]})
    assert _rows(root)[0]["titre"] == "Un autre titre"
    backend.rollback(EFFECTIFS.dataset_id)
    assert _rows(root)[0]["titre"] == record["title"]  # the publication in force again
    backend.withdraw(EFFECTIFS.dataset_id)
    assert _rows(root) == [] and not list(_catalogue(root).subjects(RDF.type, namespace.DCAT.Dataset))
