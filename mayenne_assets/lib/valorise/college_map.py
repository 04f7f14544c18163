"""The map of the collèges (folium): every collège of the directory at its repaired position, a circle whose area
is its enrolment at the latest rentrée, coloured by sector; collèges without a published enrolment drawn apart
(hollow, grey) and explained; the territory's outline underneath (IGN Admin Express, shipped in reference_data/);
a popup with name, sector, enrolment and its year, address and phone. The collèges are one GeoJSON layer (their
texts as JSON data, never script text), drawn on a canvas beyond CANVAS_FROM.

Leaflet is shipped beside the page (static/leaflet-1.9.4, BSD-2-Clause), never loaded from a CDN: with no network
at all the outline, the circles and their labels stay; only the background tiles need it. jQuery
(static/jquery-3.7.1, MIT), which folium's popups call, is shipped the same way."""

from __future__ import annotations

import gzip
import json
import math
import shutil
from pathlib import Path

import folium
import pandas as pd

from mayenne_assets.lib.common.charter import Charter
from mayenne_assets.lib.common.markup import html_text
from mayenne_assets.lib.common.territory import REFERENCE_DATA
from mayenne_assets.lib.common.text import thousands

STATIC = Path(__file__).resolve().parents[2] / "static"
LEAFLET, JQUERY = STATIC / "leaflet-1.9.4", STATIC / "jquery-3.7.1"
OUTLINES = REFERENCE_DATA / "departements.geojson.gz"
SECTORS = {"Public": "public", "Privé": "prive"}  # a sector → its colour in the charter
CANVAS_FROM = 1000  # collèges: beyond, markers are drawn on one canvas rather than as thousands of SVG elements
RADIUS = (3.0, 16.0)  # pixels: the smallest circle, and the largest collège's


def _popup(row: pd.Series, year: int | None) -> str:
    if pd.isna(row["Nombre_d_eleves"]):
        enrolment = f"effectif non publié{f' pour la rentrée {year}' if year else ''}<br>"
    else:
        enrolment = f"{thousands(row['Nombre_d_eleves'])} élèves{f' à la rentrée {year}' if year else ''}<br>"
    phone = "" if pd.isna(row["Telephone"]) else f"Tél. {html_text(str(row['Telephone']))}"
    address = " ".join(html_text(str(row[c])) for c in ("Adresse_1", "Code_postal", "Nom_commune") if pd.notna(row[c]))
    return (f"<b>{html_text(str(row['Nom_etablissement']))}</b><br>{html_text(str(row['Statut_public_prive']))}<br>"
            f"{enrolment}{address}<br>{phone}")


def _style(row: pd.Series, largest: float, charter: Charter) -> dict:
    """A circle whose area is the enrolment; a collège without one, hollow and grey."""
    no_figure = charter.colour("non_precise")
    if pd.isna(row["Nombre_d_eleves"]) or largest <= 0:
        return {"color": no_figure, "fillColor": "#ffffff", "fillOpacity": 0.9, "radius": RADIUS[0] + 2,
                "dashArray": "3 2"}
    sector = SECTORS.get(row["Statut_public_prive"])
    colour = charter.colour(sector) if sector else no_figure
    radius = RADIUS[0] + (RADIUS[1] - RADIUS[0]) * math.sqrt(float(row["Nombre_d_eleves"]) / largest)
    return {"color": colour, "fillColor": colour, "fillOpacity": 0.6, "radius": round(radius, 1)}


def _features(placed: pd.DataFrame, year: int | None, charter: Charter) -> dict:
    """One GeoJSON point per collège: its popup (already HTML, every value escaped), name and style."""
    largest = float(placed["Nombre_d_eleves"].max()) if placed["Nombre_d_eleves"].notna().any() else 0.0
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
         "properties": {"fiche": _popup(row, year), "nom": html_text(str(row["Nom_etablissement"])),
                        "style": _style(row, largest, charter)}}
        for _, row in placed.iterrows()]}


def territory_outline(codes: set[str]) -> dict:
    """The outlines of these départements (INSEE codes), as GeoJSON."""
    with gzip.open(OUTLINES, "rt", encoding="utf-8") as handle:
        outlines = json.load(handle)
    return {"type": "FeatureCollection",
            "features": [f for f in outlines["features"] if f["properties"]["code"] in codes]}


def _legend(placed: pd.DataFrame, year: int | None, charter: Charter) -> str:
    with_figure = int(placed["Nombre_d_eleves"].notna().sum())
    without = len(placed) - with_figure
    sectors = "".join(f'<span style="color:{charter.colour(c)}">●</span> {s} &nbsp;' for s, c in SECTORS.items())
    when = f" à la rentrée {year}" if year else ""
    grey = charter.colour("non_precise")
    apart = (f'<br><span style="color:{grey}">○</span> <span id="sans-effectif">{without}</span> sans effectif '
             f"publié{when} (ouvert depuis, fermé, ou absent des classeurs d'effectifs)") if without else ""
    return (f'<aside id="legende" aria-label="Légende" style="position:fixed;bottom:24px;left:12px;z-index:1000;'
            f'background:#fff;padding:8px 12px;font:14px/1.4 {charter.font};max-width:34rem;'
            f'border:1px solid #999">'
            f"{sectors}<br>Surface du cercle : nombre d'élèves{when} · <span id=\"nombre\">{len(placed)}</span> "
            f'collèges, dont <span id="avec-effectif">{with_figure}</span> avec effectif{apart}</aside>')


def _accessible(path: Path, title: str) -> None:
    """The page in French, with a title, its parts in landmarks (the map is the page's main content), and zoom
    left to the reader (folium's page forbids it)."""
    page = path.read_text(encoding="utf-8")
    page = page.replace('<div class="folium-map"', '<div role="main" aria-label="Carte" class="folium-map"', 1)
    page = page.replace("<html>", '<html lang="fr">', 1)
    page = page.replace("<head>", f"<head>\n<title>{html_text(title)}</title>", 1)
    page = page.replace(", maximum-scale=1.0, user-scalable=no", "")
    path.write_text(page, encoding="utf-8")


COUNTS = "carte.json"  # beside the page: how many collèges it shows, for the report to say the same


def map_counts(folder: Path) -> dict | None:
    """{"colleges": 42, "avec_effectif": 41, "rentree": 2021} of the map in folder, or None before any map."""
    path = folder / COUNTS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def college_map(annuaire: pd.DataFrame, folder: Path, charter: Charter, name: str = "carte.html",
                year: int | None = None, outline: dict | None = None,
                title: str = "Carte des collèges") -> tuple[Path, int]:
    """The map page and the number of collèges on it (those without a position are left out); year: the rentrée
    of the enrolments shown; outline: the territory's, as GeoJSON. Its counts are written beside it (COUNTS)."""
    folder.mkdir(parents=True, exist_ok=True)
    for library in (LEAFLET, JQUERY):
        shutil.copytree(library, folder / library.name, dirs_exist_ok=True)
    placed = annuaire.dropna(subset=["latitude", "longitude"])
    figure = folium.Map(location=[placed["latitude"].mean(), placed["longitude"].mean()], zoom_start=9,
                        tiles="OpenStreetMap", attribution_control=True, prefer_canvas=len(placed) > CANVAS_FROM)
    figure.default_js = [("leaflet", f"{LEAFLET.name}/leaflet.js"),  # shipped beside the page, no CDN
                         ("jquery", f"{JQUERY.name}/jquery.min.js")]
    figure.default_css = [("leaflet_css", f"{LEAFLET.name}/leaflet.css")]
    if outline and outline["features"]:
        folium.GeoJson(outline, name="Territoire", interactive=False,
                       style_function=lambda _: {"color": "#333333", "weight": 2, "fill": True,
                                                 "fillColor": "#f4f1ea", "fillOpacity": 0.5}).add_to(figure)
    folium.GeoJson(
        _features(placed, year, charter), name="Collèges",
        marker=folium.CircleMarker(weight=1.5, fill=True),
        style_function=lambda feature: feature["properties"]["style"],
        popup=folium.GeoJsonPopup(fields=["fiche"], labels=False, max_width=320),
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False),
    ).add_to(figure)
    figure.fit_bounds([[placed["latitude"].min(), placed["longitude"].min()],
                       [placed["latitude"].max(), placed["longitude"].max()]], padding=(30, 30))
    figure.get_root().html.add_child(folium.Element(
        f'<header><h1 style="position:fixed;top:8px;left:56px;z-index:1000;margin:0;background:#fff;'
        f'padding:4px 10px;font:600 18px {charter.font};border:1px solid #999">{html_text(title)}</h1>'
        "</header>"))
    figure.get_root().html.add_child(folium.Element(_legend(placed, year, charter)))
    path = folder / name
    figure.save(str(path))
    _accessible(path, title)
    counts = {"colleges": len(placed), "avec_effectif": int(placed["Nombre_d_eleves"].notna().sum()), "rentree": year}
    (folder / COUNTS).write_text(json.dumps(counts), encoding="utf-8")
    return path, len(placed)
