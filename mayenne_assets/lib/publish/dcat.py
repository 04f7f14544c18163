"""The catalogue as DCAT-AP 3.0 (RDF, written with rdflib as Turtle and JSON-LD), what data.gouv.fr (udata) and
the European data portal harvest: the catalogue, its publisher as an agent with its SIREN (and SIRET), a contact
point, and each dataset with its landing page, licence, frequency, language and theme as URIs of the EU
vocabularies, its period of time, spatial coverage, keywords, and a distribution per file (download URL, media type,
file type, size). Every node a property points at is typed, as DCAT-AP's range shapes expect."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from mayenne_assets.declarations.dataset import LICENCE, LICENCE_URL
from mayenne_assets.lib.publish.coverage import dates

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCIES = {"annuelle": "ANNUAL", "mensuelle": "MONTHLY", "trimestrielle": "QUARTERLY",
               "hebdomadaire": "WEEKLY", "quotidienne": "DAILY", "ponctuelle": "IRREG"}
LICENCES = {LICENCE: LICENCE_URL}
LANGUAGES = {"fr": "FRA"}
CONCEPTS = {  # the concepts of controlled vocabularies used here, with their labels
    f"{EU}data-theme/EDUC": "Éducation, culture et sport",
    "http://purl.org/adms/publishertype/LocalAuthority": "Autorité locale",
    f"{EU}planned-availability/STABLE": "Stable",
    "http://purl.org/adms/licencetype/Attribution": "Attribution",
}
EDUCATION_THEME, LOCAL_AUTHORITY, STABLE, ATTRIBUTION = CONCEPTS
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
TURTLE, JSON_LD = "catalogue.ttl", "catalogue.jsonld"
DESCRIBED = {"CSV": "le tableau en CSV (UTF-8, séparateur « ; »)", "PARQUET": "le tableau en Parquet, typé",
             "JSON": "la description des colonnes (Table Schema, Data Package)"}


def frequency_uri(frequency: str) -> str:
    """« annuelle » → the EU vocabulary's ANNUAL (what DCAT-AP and an OpenDataSoft dcat template hold)."""
    return f"{EU}frequency/{FREQUENCIES.get(frequency, 'UNKNOWN')}"


def _typed(graph: Graph, iri: str, kind: URIRef) -> URIRef:
    node = URIRef(iri)
    graph.add((node, RDF.type, kind))
    return node


def _concept(graph: Graph, iri: str) -> URIRef:
    concept = _typed(graph, iri, SKOS.Concept)
    graph.add((concept, SKOS.prefLabel, Literal(CONCEPTS[iri], lang="fr")))
    return concept


def _licence(graph: Graph, licence: str) -> URIRef:
    document = _typed(graph, LICENCES.get(licence, licence), DCTERMS.LicenseDocument)
    graph.add((document, DCTERMS.type, _concept(graph, ATTRIBUTION)))
    return document


def _language(graph: Graph, language: str) -> URIRef:
    return _typed(graph, f"{EU}language/{LANGUAGES.get(language, 'FRA')}", DCTERMS.LinguisticSystem)


def _publisher(graph: Graph, record: dict) -> URIRef:
    agent = _typed(graph, f"https://annuaire-entreprises.data.gouv.fr/entreprise/{record['publisher_siren']}",
                   FOAF.Agent)
    graph.add((agent, FOAF.name, Literal(record["publisher"], lang="fr")))
    graph.add((agent, DCTERMS.identifier, Literal(record["publisher_siren"])))
    graph.add((agent, DCTERMS.type, _concept(graph, LOCAL_AUTHORITY)))
    if record.get("publisher_siret"):
        siret = BNode()
        graph.add((siret, RDF.type, ADMS.Identifier))
        graph.add((siret, SKOS.notation, Literal(record["publisher_siret"])))
        graph.add((siret, ADMS.schemaAgency, Literal("INSEE (SIRET)")))
        graph.add((agent, ADMS.identifier, siret))
    return agent


def _contact(graph: Graph, record: dict) -> BNode:
    kind = BNode()
    graph.add((kind, RDF.type, VCARD.Kind))  # what the shapes check, without inference
    graph.add((kind, RDF.type, VCARD.Organization))
    graph.add((kind, VCARD.fn, Literal(record.get("publisher_service") or record["publisher"], lang="fr")))
    contact = record["contact"]
    if "@" in contact:
        graph.add((kind, VCARD.hasEmail, URIRef(f"mailto:{contact}")))
    else:
        graph.add((kind, VCARD.hasURL, URIRef(contact)))
    return kind


def _period(graph: Graph, coverage: dict) -> BNode:
    period = BNode()
    start, end = dates(coverage)
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    return period


Box = tuple[float, float, float, float]  # west, south, east, north, in degrees


def _place(graph: Graph, record: dict, code: str | None, box: Box | None) -> URIRef | BNode:
    """A département's official page of the COG (geo.api.gouv.fr), else a described location; with the box
    (west, south, east, north, in degrees) around it and its centre, as WKT."""
    place = URIRef(f"https://geo.api.gouv.fr/departements/{code}") if code else BNode()
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, SKOS.prefLabel, Literal(record["spatial"], lang="fr")))
    if box:
        west, south, east, north = box
        polygon = f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
        graph.add((place, DCAT.bbox, Literal(polygon, datatype=GEOSPARQL.wktLiteral)))
        graph.add((place, DCAT.centroid, Literal(f"POINT({(west + east) / 2:.4f} {(south + north) / 2:.4f})",
                                                 datatype=GEOSPARQL.wktLiteral)))
    return place


def _distribution(graph: Graph, dataset: URIRef, entry: dict, file: dict, licence: URIRef) -> None:
    node = _typed(graph, f"{entry['iri']}#{file['title']}", DCAT.Distribution)
    graph.add((dataset, DCAT.distribution, node))
    graph.add((node, DCTERMS.title, Literal(file["title"])))
    graph.add((node, DCTERMS.description, Literal(f"{entry['title']} : {DESCRIBED[file['format']]}", lang="fr")))
    graph.add((node, DCAT.accessURL, _typed(graph, entry["page"], RDFS.Resource)))
    graph.add((node, DCAT.downloadURL, _typed(graph, file["url"], RDFS.Resource)))
    graph.add((node, DCATAP.availability, _concept(graph, STABLE)))
    graph.add((node, DCAT.mediaType, _typed(graph, f"https://www.iana.org/assignments/media-types/{file['media_type']}",
                                            DCTERMS.MediaType)))
    graph.add((node, DCTERMS.format, _typed(graph, f"{EU}file-type/{file['format']}", DCTERMS.MediaTypeOrExtent)))
    graph.add((node, DCTERMS.license, licence))
    if file.get("byte_size") is not None:
        graph.add((node, DCAT.byteSize, Literal(file["byte_size"], datatype=XSD.nonNegativeInteger)))


def _dataset(graph: Graph, entry: dict, agent: URIRef, code: str | None, box: Box | None) -> URIRef:
    dataset = _typed(graph, entry["iri"], DCAT.Dataset)
    graph.add((dataset, DCTERMS.identifier, Literal(entry["dataset_id"])))
    graph.add((dataset, DCTERMS.title, Literal(entry["title"], lang="fr")))
    graph.add((dataset, DCTERMS.description, Literal(entry["description"], lang="fr")))
    for keyword in entry["keywords"]:
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="fr")))
    graph.add((dataset, DCAT.theme, _concept(graph, EDUCATION_THEME)))
    graph.add((dataset, DCTERMS.publisher, agent))
    graph.add((dataset, DCAT.contactPoint, _contact(graph, entry)))
    graph.add((dataset, DCAT.landingPage, _typed(graph, entry["page"], FOAF.Document)))
    graph.add((dataset, DCTERMS.language, _language(graph, entry["language"])))
    graph.add((dataset, DCTERMS.accrualPeriodicity,
               _typed(graph, frequency_uri(entry["update_frequency"]), DCTERMS.Frequency)))
    graph.add((dataset, DCTERMS.temporal, _period(graph, entry["temporal_coverage"])))
    graph.add((dataset, DCTERMS.spatial, _place(graph, entry, code, box)))
    graph.add((dataset, DCTERMS.issued, Literal(entry["first_published"], datatype=XSD.date)))
    graph.add((dataset, DCTERMS.modified, Literal(entry["data_modified"], datatype=XSD.date)))
    licence = _licence(graph, entry["license"])
    for file in entry["distributions"]:
        _distribution(graph, dataset, entry, file, licence)
    return dataset


def catalogue_graph(entries: list[dict], base: str, title: str, publisher: dict, code: str | None = None,
                    box: Box | None = None) -> Graph:
    """entries: what catalogue.published_entries gives; base: where the catalogue page is (its folder's URL);
    publisher: its name, SIREN and SIRET (publisher, publisher_siren, publisher_siret, spatial); code: the
    département's, when the territory is one; box: (west, south, east, north) around the territory."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("adms", ADMS),
                              ("skos", SKOS)):
        graph.bind(prefix, namespace)
    catalogue = _typed(graph, f"{base}/catalogue", DCAT.Catalog)
    graph.add((catalogue, DCTERMS.title, Literal(title, lang="fr")))
    graph.add((catalogue, DCTERMS.description, Literal(
        f"{title} : les jeux de données ouverts publiés, avec leurs fichiers et leurs métadonnées.", lang="fr")))
    graph.add((catalogue, DCTERMS.publisher, _publisher(graph, publisher)))
    graph.add((catalogue, FOAF.homepage, _typed(graph, f"{base}/index.html", FOAF.Document)))
    graph.add((catalogue, DCTERMS.language, _language(graph, "fr")))
    graph.add((catalogue, DCTERMS.license, _licence(graph, next(iter(LICENCES)))))
    graph.add((catalogue, DCTERMS.spatial, _place(graph, publisher, code, box)))
    themes = _typed(graph, f"{EU}data-theme", SKOS.ConceptScheme)
    graph.add((themes, DCTERMS.title, Literal("Thèmes des données (vocabulaire de l'Union européenne)", lang="fr")))
    graph.add((catalogue, DCAT.themeTaxonomy, themes))
    if entries:
        graph.add((catalogue, DCTERMS.issued, Literal(min(e["first_published"] for e in entries), datatype=XSD.date)))
        graph.add((catalogue, DCTERMS.modified, Literal(max(e["data_modified"] for e in entries), datatype=XSD.date)))
    for entry in entries:
        graph.add((catalogue, DCAT.dataset, _dataset(graph, entry, _publisher(graph, entry), code, box)))
    return graph


def write_dcat(graph: Graph, folder: Path) -> list[Path]:
    paths = [folder / TURTLE, folder / JSON_LD]
    graph.serialize(paths[0], format="turtle", encoding="utf-8")
    graph.serialize(paths[1], format="json-ld", encoding="utf-8", indent=2)
    return paths
