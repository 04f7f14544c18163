"""Valorisation: the charts, the map and the report page, drawn from the validated exports (never from raw
workbooks), in their own group, refreshed whenever an export they read changes (declarative automation). Each
chart also shows in the Dagster UI, in its asset's materialisation metadata."""

from __future__ import annotations

import base64
from pathlib import Path

import dagster as dg
import duckdb

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs.column_lineage import dataset_trail
from mayenne_assets.lib.common.charter import Charter
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.export.schemas import quantities
from mayenne_assets.lib.publish.catalogue import published_entries, refresh_catalogue
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.valorise import charts
from mayenne_assets.lib.valorise.charts import CHARTS
from mayenne_assets.lib.valorise.college_map import college_map, map_counts, territory_outline
from mayenne_assets.lib.valorise.report import Pages, dataset_page, key_facts, origin_page, pages_in, report_page
from mayenne_assets.lib.warehouse.tables import latest_rentree, lineage_assets, read_validated, validated_tables
from mayenne_assets.resources import PortalResource, Warehouse

GROUP = "valorisation"
FOLDER = "valorisation"
PREVIEW_ROWS = 20


def _folder(portal: PortalResource) -> Path:
    folder = Path(portal.path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _charts_asset(territory: Territory, charter: Charter) -> dg.AssetsDefinition:
    @dg.asset(name="graphiques", group_name=GROUP, kinds={"altair", "png", "svg"}, owners=["team:data"],
              deps=[lineage_assets(group).export for group in charts.tables_read()],
              automation_condition=dg.AutomationCondition.eager())
    def graphiques(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
        """The charts of the logbook's last day, drawn from the validated exports: enrolments since 1985 (public,
        private, total) and the public / private share; per arrondissement, observed then projected; specialised
        classes and sections; women and men heading the collèges; the funded actions per year and programme."""
        with warehouse.connect(read_only=True) as con:
            tables = validated_tables(con)
        folder, metadata, drawn = _folder(portal) / "graphiques", {}, []
        for chart in CHARTS:
            missing = [group for group in chart.reads if group not in tables]
            if missing:
                metadata[chart.stem] = f"not drawn: {', '.join(missing)} not published yet"
                continue
            files = charts.save(chart.draw(tables, territory, charter), folder, chart.stem)
            svg = base64.b64encode(files["svg"].read_bytes()).decode()
            metadata[chart.stem] = dg.MetadataValue.md(
                f"![{territory.fill(chart.title)}](data:image/svg+xml;base64,{svg})")
            drawn.append(chart.stem)
        return dg.MaterializeResult(metadata={**metadata, "drawn": dg.MetadataValue.json(drawn),
                                              "folder": dg.MetadataValue.path(str(folder))})

    return graphiques


def _map_asset(territory: Territory, charter: Charter) -> dg.AssetsDefinition:
    @dg.asset(name="carte_colleges", group_name=GROUP, kinds={"folium", "html"}, owners=["team:data"],
              deps=[lineage_assets("annuaire").export], automation_condition=dg.AutomationCondition.eager())
    def carte_colleges(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
        """Every collège of the directory on a map, at its repaired position, one marker style per sector, with
        its name, sector, latest enrolment, address and phone; Leaflet ships with the page (works with no
        network)."""
        with warehouse.connect(read_only=True) as con:
            annuaire, year = read_validated(con, "annuaire"), latest_rentree(con)
        outline = territory_outline({d.code for d in territory.departements})
        path, markers = college_map(annuaire, _folder(portal), charter, year=year, outline=outline,
                                    title=f"Les collèges — {territory.publisher}")
        return dg.MaterializeResult(metadata={"markers": markers, "page": dg.MetadataValue.path(str(path)),
                                              "outline": len(outline["features"])})

    return carte_colleges


def _dataset_pages(datasets: dict[str, Dataset], portal: PortalResource, pages_of: Pages, drawn: dict[str, str],
                   con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """A page per published dataset (on either backend: what reusers hold now), with its chart when drawn and
    its latest rows first, and its origin page (each column's trail, the workbooks)."""
    pages = []
    records = {entry["dataset_id"]: entry for entry in published_entries(Path(portal.path), portal.public_url)}
    illustrated = {chart.illustrates: chart.stem for chart in CHARTS if chart.illustrates and chart.stem in drawn}
    for group, dataset in datasets.items():
        backend = portal.backend(dataset.territory)
        csv = backend.published_csv(dataset.dataset_id)
        if csv is None:
            continue
        published = read_published(csv)
        if dataset.temporal_column in published:  # the latest period first (years and school years sort as text)
            published = published.sort_values(dataset.temporal_column, ascending=False, kind="stable")
        dataset_page(pages_of, dataset.dataset_id, dataset.title, dataset.description, illustrated.get(group),
                     published.head(PREVIEW_ROWS), backend.landing_page(dataset.dataset_id), quantities(dataset))
        record = records.get(dataset.dataset_id, {})
        origin_page(pages_of, dataset.dataset_id, dataset.title, dataset_trail(con, dataset),
                    record.get("sources", []), record.get("version"))
        pages.append((dataset.dataset_id, dataset.title))
    return pages


def _report_asset(datasets: dict[str, Dataset], territory: Territory, charter: Charter) -> dg.AssetsDefinition:
    @dg.asset(name="rapport", group_name=GROUP, kinds={"html"}, owners=["team:data"],
              deps=["graphiques", "carte_colleges"], automation_condition=dg.AutomationCondition.eager())
    def rapport(warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
        """The report page of the publication (French), linked from the catalogue page, and one page per dataset
        with its chart and a preview of its first published rows."""
        folder = _folder(portal)
        drawn = {chart.stem: territory.fill(chart.title) for chart in CHARTS
                 if (folder / "graphiques" / f"{chart.stem}.svg").is_file()}
        pages_of = pages_in(folder, charter, territory.publisher)
        with warehouse.connect(read_only=True) as con:
            tables = validated_tables(con)
            pages = _dataset_pages(datasets, portal, pages_of, drawn, con)
        facts = key_facts(tables.get("effectifs"))
        path = report_page(pages_of, drawn, facts, pages, map_counts(folder), territory)
        refresh_catalogue(Path(portal.path), portal.site(territory))
        return dg.MaterializeResult(metadata={"page": dg.MetadataValue.path(str(path)),
                                              "facts": dg.MetadataValue.json(facts), "dataset_pages": len(pages)})

    return rapport


def valorisation_assets(datasets: dict[str, Dataset], territory: Territory,
                        charter: Charter) -> list[dg.AssetsDefinition]:
    return [_charts_asset(territory, charter), _map_asset(territory, charter),
            _report_asset(datasets, territory, charter)]
