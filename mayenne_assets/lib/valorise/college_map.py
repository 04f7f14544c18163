"""The map of the collèges (folium): one marker per collège of the directory at its repaired position, coloured
by sector, its popup giving name, sector, latest enrolment, address and phone. Leaflet is shipped beside the page
(static/leaflet-1.9.4, BSD-2-Clause), never loaded from a CDN: with no network at all the markers and their
labels stay; only the background tiles need it. jQuery (static/jquery-3.7.1, MIT), which folium's popups call, is
shipped the same way: without it a popup's script fails and stops every marker after the first."""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import pandas as pd

from mayenne_assets.lib.common.markup import html_text

STATIC = Path(__file__).resolve().parents[2] / "static"
LEAFLET, JQUERY = STATIC / "leaflet-1.9.4", STATIC / "jquery-3.7.1"
COLOURS = {"Public": "#1f5fa8", "Privé": "#d9822b"}


def _popup(row: pd.Series) -> str:
    enrolment = "" if pd.isna(row["Nombre_d_eleves"]) else f"{int(row['Nombre_d_eleves'])} élèves<br>"
    phone = "" if pd.isna(row["Telephone"]) else f"Tél. {html_text(str(row['Telephone']))}"
    address = " ".join(html_text(str(row[c])) for c in ("Adresse_1", "Code_postal", "Nom_commune") if pd.notna(row[c]))
    return (f"<b>{html_text(str(row['Nom_etablissement']))}</b><br>{html_text(str(row['Statut_public_prive']))}<br>"
            f"{enrolment}{address}<br>{phone}")


CANVAS_FROM = 1000  # collèges: beyond, markers are drawn on one canvas rather than as thousands of SVG elements


def _features(placed: pd.DataFrame) -> dict:
    """One GeoJSON point per collège: its popup (already HTML, every value escaped), name and colour. The data
    goes into the page as JSON, never into a script's text."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
         "properties": {"fiche": _popup(row), "nom": html_text(str(row["Nom_etablissement"])),
                        "couleur": COLOURS.get(row["Statut_public_prive"], "#555555")}}
        for _, row in placed.iterrows()]}


def college_map(annuaire: pd.DataFrame, folder: Path, name: str = "carte.html") -> tuple[Path, int]:
    """The map page and the number of markers on it (collèges without a position are left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for library in (LEAFLET, JQUERY):
        shutil.copytree(library, folder / library.name, dirs_exist_ok=True)
    placed = annuaire.dropna(subset=["latitude", "longitude"])
    figure = folium.Map(location=[placed["latitude"].mean(), placed["longitude"].mean()], zoom_start=9,
                        tiles="OpenStreetMap", attribution_control=True, prefer_canvas=len(placed) > CANVAS_FROM)
    figure.default_js = [("leaflet", f"{LEAFLET.name}/leaflet.js"),  # shipped beside the page, no CDN
                         ("jquery", f"{JQUERY.name}/jquery.min.js")]
    figure.default_css = [("leaflet_css", f"{LEAFLET.name}/leaflet.css")]
    folium.GeoJson(
        _features(placed), name="Collèges",
        marker=folium.CircleMarker(radius=8, weight=2, fill=True, fill_opacity=0.8),
        style_function=lambda feature: {"color": feature["properties"]["couleur"],
                                        "fillColor": feature["properties"]["couleur"]},
        popup=folium.GeoJsonPopup(fields=["fiche"], labels=False, max_width=320),
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False),
    ).add_to(figure)
    legend = "".join(f'<span style="color:{c}">●</span> {s} &nbsp;' for s, c in COLOURS.items())
    figure.get_root().html.add_child(folium.Element(
        f'<div id="legende" style="position:fixed;bottom:16px;left:16px;z-index:1000;background:#fff;'
        f'padding:6px 10px;font:14px sans-serif">{legend}· <span id="nombre">{len(placed)}</span> collèges</div>'))
    path = folder / name
    figure.save(str(path))
    return path, len(placed)
