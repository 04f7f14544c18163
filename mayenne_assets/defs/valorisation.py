"""Valorisation: the charts, the map and the report page, drawn from the validated exports (never from raw
workbooks), in their own group, refreshed whenever an export they read changes (declarative automation). Each
chart also shows in the Dagster UI, in its asset's materialisation metadata."""

from __future__ import annotations

import base64
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from mayenne_assets.datasets import DATASETS
from mayenne_assets.lib.common.territory import current_territory
from mayenne_assets.lib.publish.catalogue import refresh_catalogue
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.lib.valorise import charts
from mayenne_assets.lib.valorise.college_map import college_map, map_counts, territory_outline
from mayenne_assets.lib.valorise.report import dataset_page, key_facts, report_page
from mayenne_assets.lib.warehouse.sql_models import table_exists
from mayenne_assets.resources import PortalResource, Warehouse

GROUP = "valorisation"
FOLDER = "valorisation"
PREVIEW_ROWS = 20
# chart file → (title, the validated tables it reads, how it is drawn), and the dataset page it illustrates
CHARTS = {
    "effectifs_depuis_1985": ("Les élèves des collèges depuis 1985", ("effectifs",),
                              lambda t: charts.enrolments_by_sector(t["effectifs"])),
    "public_prive": ("Public et privé à la dernière rentrée", ("effectifs",),
                     lambda t: charts.sector_shares(t["effectifs"])),
    "arrondissements": ("Les élèves par arrondissement, constatés puis projetés", ("effectifs", "projections"),
                        lambda t: charts.enrolments_by_arrondissement(t["effectifs"], t["projections"])),
    "sections_specialisees": ("Classes et sections spécialisées", ("annuaire",),
                              lambda t: charts.specialised_sections(t["annuaire"])),
    "principaux_femmes_hommes": ("Femmes et hommes à la tête des collèges", ("principaux",),
                                 lambda t: charts.heads_by_civilite(t["principaux"])),
    "actions_par_annee": ("Ce que {le_publisher} finance", ("actions",),
                          lambda t: charts.actions_by_year(t["actions"])),
}
CHART_OF_DATASET = {"effectifs": "effectifs_depuis_1985", "projections": "arrondissements",
                    "annuaire": "sections_specialisees", "principaux": "principaux_femmes_hommes",
                    "actions": "actions_par_annee"}


def _validated(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    groups = [name for (name,) in con.execute("select table_name from information_schema.tables "
                                              "where table_schema = 'validated'").fetchall()]
    return {group: con.execute(f"select * from validated.{group}").df() for group in groups}


def _folder(portal: PortalResource) -> Path:
    folder = Path(portal.path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dg.asset(group_name=GROUP, kinds={"altair", "png", "svg"}, owners=["team:data"],
          deps=[f"export_{g}" for g in ("effectifs", "projections", "annuaire", "principaux", "actions")],
          automation_condition=dg.AutomationCondition.eager())
def graphiques(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
    """The charts of the logbook's last day, drawn from the validated exports: enrolments since 1985 (public,
    private, total) and the public / private share; per arrondissement, observed then projected; specialised
    classes and sections; women and men heading the collèges; the funded actions per year and programme."""
    with warehouse.connect(read_only=True) as con:
        tables = _validated(con)
    folder, metadata, drawn = _folder(portal) / "graphiques", {}, []
    for stem, (title, needs, draw) in CHARTS.items():
        if not all(need in tables for need in needs):
            metadata[stem] = f"not drawn: {', '.join(n for n in needs if n not in tables)} not published yet"
            continue
        files = charts.save(draw(tables), folder, stem)
        svg = base64.b64encode(files["svg"].read_bytes()).decode()
        metadata[stem] = dg.MetadataValue.md(f"![{current_territory().fill(title)}](data:image/svg+xml;base64,{svg})")
        drawn.append(stem)
    return dg.MaterializeResult(metadata={**metadata, "drawn": dg.MetadataValue.json(drawn),
                                          "folder": dg.MetadataValue.path(str(folder))})


@dg.asset(group_name=GROUP, kinds={"folium", "html"}, owners=["team:data"], deps=["export_annuaire"],
          automation_condition=dg.AutomationCondition.eager())
def carte_colleges(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
    """Every collège of the directory on a map, at its repaired position, one marker style per sector, with its
    name, sector, latest enrolment, address and phone; Leaflet ships with the page (works with no network)."""
    with warehouse.connect(read_only=True) as con:
        annuaire = con.execute("select * from validated.annuaire").df()
        year = con.execute("select max(rentree_scolaire) from validated.effectifs").fetchone()[0] \
            if table_exists(con, "validated.effectifs") else None
    territory = current_territory()
    outline = territory_outline({d.code for d in territory.departements})
    path, markers = college_map(annuaire, _folder(portal), year=year, outline=outline,
                                title=f"Les collèges — {territory.publisher}")
    return dg.MaterializeResult(metadata={"markers": markers, "page": dg.MetadataValue.path(str(path)),
                                          "outline": len(outline["features"])})


@dg.asset(group_name=GROUP, kinds={"html"}, owners=["team:data"], deps=[graphiques, carte_colleges],
          automation_condition=dg.AutomationCondition.eager())
def rapport(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
    """The report page of the publication (French), linked from the catalogue page, and one page per dataset with
    its chart and a preview of its first published rows."""
    with warehouse.connect(read_only=True) as con:
        tables = _validated(con)
    folder = _folder(portal)
    drawn = {stem: current_territory().fill(title) for stem, (title, _, _) in CHARTS.items()
             if (folder / "graphiques" / f"{stem}.svg").is_file()}
    local = LocalPortal(Path(portal.path))
    pages = []
    for group, dataset in DATASETS.items():
        record = local.metadata(dataset.dataset_id)
        if record is None:
            continue
        version = Path(portal.path) / dataset.dataset_id / "versions" / record["version"]
        published = read_published(version / f"{dataset.dataset_id}.csv")
        if dataset.temporal_column in published:  # the latest period first (years and school years sort as text)
            published = published.sort_values(dataset.temporal_column, ascending=False, kind="stable")
        preview = published.head(PREVIEW_ROWS)
        dataset_page(folder, dataset.dataset_id, dataset.title, dataset.description,
                     CHART_OF_DATASET.get(group) if CHART_OF_DATASET.get(group) in drawn else None, preview)
        pages.append((dataset.dataset_id, dataset.title))
    facts = key_facts(tables.get("effectifs"))
    path = report_page(folder, drawn, facts, pages, map_counts(folder))
    refresh_catalogue(Path(portal.path), portal.public_url)
    return dg.MaterializeResult(metadata={"page": dg.MetadataValue.path(str(path)), "facts": dg.MetadataValue.json(
        facts), "dataset_pages": len(pages)})
