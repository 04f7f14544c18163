"""What a person opens to browse the catalogue: a static page (index.html) with each published dataset, its
descriptive record, its versions and download links; and the catalogue in Etalab's "catalogue de données" schema
(catalogue_donnees.csv). Both are written from the catalogue's entries (catalogue.py), on either backend."""

from __future__ import annotations

import csv
from pathlib import Path

from mayenne_assets.lib.common.charter import Charter, place_logo, stylesheet
from mayenne_assets.lib.common.markup import html_text
from mayenne_assets.lib.publish.coverage import coverage_text

# The catalogue in Etalab's "catalogue de données" Table Schema (0.3.0): its columns in its order, filled from each
# dataset's descriptive record. Comma-separated like the schema's own example.
FREQUENCIES = {"annuelle": "Annuelle", "mensuelle": "Mensuelle", "trimestrielle": "Trimestrielle",
               "hebdomadaire": "Hebdomadaire", "quotidienne": "Quotidienne", "ponctuelle": "Ponctuelle"}
FORMATS = {"CSV": "CSV", "PARQUET": "Parquet"}  # the data's formats (the Table Schema describes them)
CATALOGUE_COLUMNS = {
    "titre": lambda r: r["title"],
    "description": lambda r: r["description"],
    "mots_cles": lambda r: ",".join(r["keywords"]),
    "nom_orga": lambda r: r["publisher"],
    "siret_orga": lambda r: r.get("publisher_siret", ""),
    "id_alt_orga": lambda r: "",
    "service": lambda r: r.get("publisher_service", ""),
    "si": lambda r: "",
    "contact_service": lambda r: r["contact"] if "@" in r["contact"] else "",
    "contact_personne": lambda r: r.get("contact_person") or r["contact"],
    "date_pub": lambda r: r["first_published"],
    "date_maj": lambda r: r["data_modified"],
    "freq_maj": lambda r: FREQUENCIES.get(r["update_frequency"], r["update_frequency"]),
    "couv_geo": lambda r: r["spatial"],
    "url": lambda r: r["page"],
    "format": lambda r: ",".join(dict.fromkeys(FORMATS[d["format"]] for d in r["distributions"]
                                               if d["format"] in FORMATS)),
    "licence": lambda r: r["license"].replace(" (Etalab)", ""),
}
CATALOGUE_FILE = "catalogue_donnees.csv"


def write_catalogue(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\n")
        writer.writerow(CATALOGUE_COLUMNS)
        for record in records:
            writer.writerow([value(record) for value in CATALOGUE_COLUMNS.values()])


def _dataset_section(record: dict) -> str:
    dataset_id = record["dataset_id"]
    current = record["version"]
    downloads = " · ".join(f'<a href="{html_text(url)}">{html_text(name)}</a>'
                           for name, url in record["downloads"].items())
    versions = "".join(f"<li>{html_text(v)}{' (en ligne)' if v == current else ''}</li>" for v in record["versions"])
    fields = "".join(f"<tr><td><code>{html_text(f['name'])}</code></td><td>{html_text(f['type'])}</td>"
                     f"<td>{html_text(f.get('description', ''))}</td></tr>" for f in record["fields"])
    return f"""
<section id="{html_text(dataset_id)}">
  <h2>{html_text(record['title'])}</h2>
  <p class="id">{html_text(dataset_id)}</p>
  <p>{html_text(record['description'])}</p>
  <dl>
    <dt>Producteur</dt><dd>{html_text(record['publisher'])} (SIREN {html_text(record['publisher_siren'])})</dd>
    <dt>Licence</dt><dd>{html_text(record['license'])}</dd>
    <dt>Couverture temporelle</dt><dd>{html_text(coverage_text(record['temporal_coverage']))}</dd>
    <dt>Mots-clés</dt><dd>{html_text(', '.join(record['keywords']))}</dd>
    <dt>Enregistrements</dt><dd>{record['records']}{_held(record)}</dd>
    <dt>Ce qui a changé</dt><dd>{html_text(record.get('changes', {}).get('resume', '—'))}</dd>
    <dt>Télécharger</dt><dd>{downloads}</dd>{_page_link(record)}
  </dl>
  <details><summary>Versions ({len(record['versions'])})</summary><ul>{versions}</ul></details>
  <details><summary>Champs</summary><table><tr><th>Champ</th><th>Type</th><th>Description</th></tr>{fields}</table>
  </details>
</section>"""


def _page_link(record: dict) -> str:
    """The dataset's page of the report (its chart and first rows), when the report drew one."""
    if not record.get("report_page"):
        return ""
    return (f'\n    <dt>En images</dt><dd><a href="{html_text(record["report_page"])}">la page du jeu de données : '
            "graphique et premières lignes</a></dd>")


def _held(record: dict) -> str:
    held = record.get("held_rows", 0)
    return f" ({held} ligne(s) du classeur retenue(s), non publiée(s) : voir le dossier d'audit)" if held else ""


def write_catalogue_page(records: list[dict], path: Path, publisher: str, charter: Charter) -> None:
    sections = "".join(_dataset_section(record) for record in records)
    report = (' · <a href="valorisation/rapport.html">le rapport : graphiques et carte</a>'
              if (path.parent / "valorisation" / "rapport.html").is_file() else "")
    logo = place_logo(charter, path.parent, publisher)
    logo = f"<header>{logo}</header>" if logo else ""
    path.write_text(f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Données ouvertes — {html_text(publisher)}</title>
<style>{stylesheet(charter)}section{{border-top:1px solid #ccc;padding:.5rem 0}}.id{{color:#555;
font-family:monospace}}dt{{font-weight:bold}}</style></head>
<body>{logo}<main>
<h1>Catalogue des données ouvertes — éducation</h1>
<p>{len(records)} jeux de données publiés ·
<a href="{CATALOGUE_FILE}">catalogue de données (schéma Etalab)</a> · catalogue DCAT-AP :
<a href="catalogue.ttl">Turtle</a>, <a href="catalogue.jsonld">JSON-LD</a>{report}</p>
<p>Pour les services qui fournissent les données :
<a href="documentation/guide-des-classeurs.md">guide des classeurs (déposer, corriger, retirer)</a>.</p>{sections}
</main></body></html>
""", encoding="utf-8")
