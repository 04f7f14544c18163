"""The report page of a publication (HTML, in French): the charts, the map and a few generated sentences
("41 collèges, 24 000 élèves à la rentrée 2021, +3 % depuis 2011"); and a page per dataset with its chart and a
preview of its first rows. Everything is relative to the portal folder, so the pages open with no server."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mayenne_assets.lib.common.markup import html_text
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import thousands

STYLE = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222}"
         "img{max-width:100%;border:1px solid #eee;margin:.5rem 0 1.5rem}table{border-collapse:collapse;"
         "font-size:.85rem}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}"
         "iframe{width:100%;height:560px;border:1px solid #ddd}")


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html_text(title)}</title>'
            f"<style>{STYLE}</style></head><body><p><a href=\"../index.html\">← Catalogue</a></p>"
            f"<h1>{html_text(title)}</h1>{body}</body></html>\n")


def _map_sentence(counts: dict) -> str:
    """« les 42 collèges de l'annuaire, dont 41 avec un effectif à la rentrée 2021 »."""
    year = f" à la rentrée {counts['rentree']}" if counts.get("rentree") else ""
    return (f"les {thousands(counts['colleges'])} collèges de l'annuaire, dont {thousands(counts['avec_effectif'])} "
            f"avec un effectif{year}")


def key_facts(effectifs: pd.DataFrame | None) -> list[str]:
    """Sentences a person reads first, computed from the published enrolments."""
    if effectifs is None or effectifs.empty:
        return []
    latest = int(effectifs["rentree_scolaire"].max())
    now = effectifs[effectifs["rentree_scolaire"] == latest]
    facts = [f"{now['uai'].nunique()} collèges, {thousands(now['effectif'].sum())} élèves à la rentrée {latest}"]
    before = effectifs[effectifs["rentree_scolaire"] == latest - 10]
    if not before.empty:
        change = now["effectif"].sum() / before["effectif"].sum() - 1
        facts[0] += f", {'+' if change >= 0 else '−'}{abs(change) * 100:.0f} % depuis {latest - 10}"
    shares = now.groupby("secteur")["effectif"].sum() / now["effectif"].sum()
    facts.append(" ; ".join(f"{share * 100:.0f} % des élèves dans le {sector.lower()}"
                            for sector, share in shares.items()))
    return facts


def report_page(folder: Path, charts: dict[str, str], facts: list[str], datasets: list[tuple[str, str]],
                the_map_counts: dict | None, territory: Territory) -> Path:
    """charts: file stem → title (PNG and SVG beside it, in graphiques/); datasets: (dataset_id, title);
    the_map_counts: what the map shows (college_map.map_counts), or None without a map."""
    items = "".join(f"<li>{html_text(f)}</li>" for f in facts)
    figures = "".join(f'<h2>{html_text(title)}</h2>'
                      f'<img src="graphiques/{html_text(stem)}.svg" alt="{html_text(title)}">'
                      f'<p><a href="graphiques/{html_text(stem)}.png">PNG</a> · '
                      f'<a href="graphiques/{html_text(stem)}.svg">SVG</a></p>' for stem, title in charts.items())
    the_map = "" if the_map_counts is None else (
        f'<h2>Les collèges sur la carte</h2><p><a href="carte.html">Ouvrir la carte</a> : '
        f"{_map_sentence(the_map_counts)}</p>"
        '<iframe src="carte.html" title="Carte des collèges"></iframe>')
    pages = "".join(f'<li><a href="{html_text(i)}.html">{html_text(t)}</a></li>' for i, t in datasets)
    body = (f"<h2>En bref</h2><ul>{items}</ul>{figures}{the_map}"
            f"<h2>Les jeux de données</h2><ul>{pages}</ul>")
    path = folder / "rapport.html"
    heading = territory.fill("Les collèges {de_departement} en chiffres")
    path.write_text(_page(heading, body), encoding="utf-8")
    return path


def dataset_page(folder: Path, dataset_id: str, title: str, description: str, chart: str | None,
                 preview: pd.DataFrame, every_version: str) -> Path:
    """A dataset's page: its description, its chart when it has one, and its first rows; every_version: where
    its versions and files are (a URL, or a path from the portal folder's root)."""
    link = every_version if "://" in every_version else f"../{every_version}"
    figure = f'<img src="graphiques/{html_text(chart)}.svg" alt="{html_text(title)}">' if chart else ""
    head = "".join(f"<th>{html_text(str(c))}</th>" for c in preview.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html_text(str(v))}</td>" for v in row) + "</tr>"
                   for row in preview.itertuples(index=False))
    body = (f"<p>{html_text(description)}</p>{figure}<h2>Les premières lignes</h2>"
            f'<table id="apercu"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            f'<p><a href="{html_text(link)}">Toutes les versions et les fichiers</a></p>')
    path = folder / f"{dataset_id}.html"
    path.write_text(_page(title, body), encoding="utf-8")
    return path
