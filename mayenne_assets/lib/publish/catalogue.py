"""The catalogue of what is published, on either backend, and the files that describe it in the portal folder:

    <portal>/index.html             the catalogue page a person browses
    <portal>/catalogue_donnees.csv  Etalab's « catalogue de données » schema
    <portal>/catalogue.ttl, .jsonld DCAT-AP 3.0, for data.gouv.fr and the European data portal to harvest

An entry is a dataset's descriptive record as published, with where it can be seen and downloaded: on the local
portal, under MAYENNE_PUBLIC_URL when it is served (file:// links on this machine otherwise); on OpenDataSoft, the
portal's own dataset page and exports, recorded at each publication in <portal>/_envoye_opendatasoft/records/.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mayenne_assets.lib.common.charter import DEFAULT_CHARTER, Charter, load_charter
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.publish.catalogue_page import CATALOGUE_FILE, write_catalogue, write_catalogue_page
from mayenne_assets.lib.publish.dcat import catalogue_graph, write_dcat
from mayenne_assets.lib.publish.journal import file_safe, publications_in_force

GUIDE = Path(__file__).parents[2] / "documentation" / "guide-des-classeurs.md"  # the data officer's guide
SENT_FOLDER = "_envoye_opendatasoft"  # what OpenDataSoft was sent: last CSV, journal, records, audit dossiers
MEDIA_TYPES = {".csv": ("text/csv", "CSV"), ".parquet": ("application/vnd.apache.parquet", "PARQUET"),
               ".json": ("application/json", "JSON")}
DISTRIBUTED = (".csv", ".parquet")  # the data files, named after their dataset; datapackage.json describes them


@dataclass(frozen=True)
class Site:
    """What the catalogue says of itself: who publishes (the territory's publisher) and where the portal folder
    is served (MAYENNE_PUBLIC_URL; None: file:// links on this machine)."""

    territory: Territory
    public_url: str | None = None
    charter: Charter = field(default_factory=lambda: load_charter(DEFAULT_CHARTER))  # how its pages look


def version_date(version: str) -> str:
    """"20220110T093000Z-1a2b3c4d" → 2022-01-10."""
    return f"{version[0:4]}-{version[4:6]}-{version[6:8]}"


def _distribution(title: str, url: str, size: int | None = None) -> dict:
    media_type, file_type = MEDIA_TYPES[Path(title).suffix.lower()]
    return {"title": title, "url": url, "media_type": media_type, "format": file_type, "byte_size": size}


def local_entries(root: Path, public_url: str | None) -> list[dict]:
    """The current version of every dataset of the local portal, with its links."""
    base = public_url or root.resolve().as_uri()
    entries = []
    for pointer in sorted(root.glob("*/current.json")):
        version = json.loads(pointer.read_text(encoding="utf-8"))["version"]
        folder = pointer.parent / "versions" / version
        record = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        dataset_id = record["dataset_id"]
        versions = sorted((p.name for p in folder.parent.iterdir() if not p.name.startswith(".")), reverse=True)
        files = sorted(p for p in folder.iterdir() if p.name != "metadata.json")
        downloads = {p.name: f"{dataset_id}/versions/{version}/{p.name}" for p in files}  # beside index.html
        data = [p for p in files
                if (p.name.startswith(dataset_id) and p.suffix in DISTRIBUTED) or p.name == "datapackage.json"]
        entries.append({**record, "versions": versions, "first_published": version_date(min(versions)),
                        "data_modified": record.get("data_modified") or version_date(version),
                        "iri": f"{base}/{dataset_id}", "page": f"{base}/index.html#{dataset_id}",
                        "downloads": downloads,
                        "distributions": [_distribution(p.name, f"{base}/{downloads[p.name]}", p.stat().st_size)
                                          for p in data]})
    return entries


def ods_links(portal_root: str, dataset_id: str) -> dict:
    """A dataset's page on an OpenDataSoft portal and its exports (Explore API v2.1), as a catalogue shows them."""
    page = f"{portal_root}/explore/dataset/{dataset_id}/"
    exports = f"{portal_root}/api/explore/v2.1/catalog/datasets/{dataset_id}/exports"
    return {"iri": page, "page": page,
            "downloads": {f"{dataset_id}.csv": f"{exports}/csv", f"{dataset_id}.parquet": f"{exports}/parquet"},
            "distributions": [_distribution(f"{dataset_id}.csv", f"{exports}/csv"),
                              _distribution(f"{dataset_id}.parquet", f"{exports}/parquet")]}


def record_path(sent: Path, dataset_id: str, version: str) -> Path:
    return sent / "records" / dataset_id / f"{file_safe(version)}.json"


def ods_entries(sent: Path) -> list[dict]:
    """What is published on OpenDataSoft: each dataset's publication in force, with the record it was published
    with; a withdrawn dataset is not listed."""
    entries = []
    for dataset_id, state in sorted(publications_in_force(sent / "journal.jsonl").items()):
        path = record_path(sent, dataset_id, state.versions[-1]) if state.versions else None
        if state.withdrawn or path is None or not path.is_file():
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        entries.append({**record, "versions": list(reversed(state.versions)), "first_published": state.first_published,
                        "data_modified": record.get("data_modified") or record["published_at"][:10]})
    return entries


def published_entries(root: Path, public_url: str | None) -> list[dict]:
    """Every dataset published, on the local portal and on OpenDataSoft, ordered by dataset id."""
    entries = local_entries(root, public_url) + ods_entries(root / SENT_FOLDER)
    for entry in entries:  # the report's page of the dataset, beside the catalogue page, once drawn
        page = f"valorisation/{entry['dataset_id']}.html"
        entry["report_page"] = page if (root / page).is_file() else None
    return sorted(entries, key=lambda e: e["dataset_id"])


def refresh_catalogue(root: Path, site: Site) -> list[dict]:
    """The catalogue page, catalogue_donnees.csv and the DCAT-AP catalogue, as published now; returns the entries."""
    root.mkdir(parents=True, exist_ok=True)
    public_url, territory = site.public_url, site.territory
    entries = published_entries(root, public_url)
    publisher = {"publisher": territory.publisher, "publisher_siren": territory.siren,
                 "publisher_siret": territory.siret, "spatial": f"{territory.publisher} ({territory.code})"}
    write_catalogue(entries, root / CATALOGUE_FILE)
    (root / "documentation").mkdir(exist_ok=True)
    shutil.copyfile(GUIDE, root / "documentation" / GUIDE.name)
    write_catalogue_page(entries, root / "index.html", territory.publisher, site.charter)
    code = territory.single.code if territory.single else None
    box = (min(b.lon[0] for b in territory.boxes), min(b.lat[0] for b in territory.boxes),
           max(b.lon[1] for b in territory.boxes), max(b.lat[1] for b in territory.boxes)) if code else None
    title = f"Données ouvertes de l'éducation — {territory.publisher}"
    write_dcat(catalogue_graph(entries, public_url or root.resolve().as_uri(), title, publisher, code, box), root)
    return entries
