"""The report page of a publication (HTML, in French): the charts, the map and a few generated sentences
("41 collèges, 24 000 élèves à la rentrée 2021, +3 % depuis 2011"); and a page per dataset with its chart and a
preview of its first rows. Everything is relative to the portal folder, so the pages open with no server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mayenne_assets.lib.common.charter import Charter, place_logo, stylesheet
from mayenne_assets.lib.common.markup import html_text
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import french_number, thousands


@dataclass(frozen=True)
class Pages:
    """The folder the report's pages are written in, and how they look (the charter, the publisher's logo)."""

    folder: Path
    charter: Charter
    logo: str = ""  # the <img> of the logo, placed in the folder

    def write(self, name: str, title: str, body: str) -> Path:
        path = self.folder / name
        path.write_text(
            f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html_text(title)}</title>'
            f"<style>{stylesheet(self.charter)}</style></head><body><nav>{self.logo}"
            f'<a href="../index.html">← Catalogue</a></nav><main><h1>{html_text(title)}</h1>{body}</main>'
            "</body></html>\n", encoding="utf-8")
        return path


def pages_in(folder: Path, charter: Charter, publisher: str) -> Pages:
    folder.mkdir(parents=True, exist_ok=True)
    return Pages(folder, charter, place_logo(charter, folder, publisher))


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


def report_page(pages: Pages, charts: dict[str, str], facts: list[str], datasets: list[tuple[str, str]],
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
    listed = "".join(f'<li><a href="{html_text(i)}.html">{html_text(t)}</a></li>' for i, t in datasets)
    body = (f"<h2>En bref</h2><ul>{items}</ul>{figures}{the_map}"
            f"<h2>Les jeux de données</h2><ul>{listed}</ul>")
    return pages.write("rapport.html", territory.fill("Les collèges {de_departement} en chiffres"), body)


def _cells(preview: pd.DataFrame, numbers: set[str]) -> str:
    """The rows as table cells; a quantity in French (« 1 505 », « 48,07 »), an empty value as nothing."""
    def shown(column: str, value: object) -> str:
        text = "" if pd.isna(value) else str(value)
        return french_number(text) if column in numbers else text

    return "".join("<tr>" + "".join(f"<td>{html_text(shown(c, v))}</td>" for c, v in zip(preview.columns, row,
                                                                                         strict=True)) + "</tr>"
                   for row in preview.itertuples(index=False))


def dataset_page(pages: Pages, dataset_id: str, title: str, description: str, chart: str | None,
                 preview: pd.DataFrame, every_version: str, numbers: set[str] = frozenset()) -> Path:
    """A dataset's page: its description, its chart when it has one, and its first rows (its quantities,
    `numbers`, in French); every_version: where its versions and files are (a URL, or a path from the portal
    folder's root)."""
    link = every_version if "://" in every_version else f"../{every_version}"
    figure = f'<img src="graphiques/{html_text(chart)}.svg" alt="{html_text(title)}">' if chart else ""
    head = "".join(f'<th scope="col">{html_text(str(c))}</th>' for c in preview.columns)
    body = (f"<p>{html_text(description)}</p>{figure}<h2>Les premières lignes</h2>"
            f'<div class="defile" tabindex="0" role="region" aria-label="Les premières lignes">'
            f'<table id="apercu"><thead><tr>{head}</tr></thead><tbody>{_cells(preview, numbers)}</tbody></table>'
            f"</div>"
            f'<p><a href="{dataset_id}-origine.html">D\'où viennent ces données ?</a> · '
            f'<a href="{html_text(link)}">Toutes les versions et les fichiers</a></p>')
    return pages.write(f"{dataset_id}.html", title, body)


def origin_page(pages: Pages, dataset_id: str, title: str, trail: list[tuple[str, str, str]],
                sources: list[dict], version: str | None) -> Path:
    """« D'où viennent ces données ? »: each published column, the columns of the chain it is computed from and the
    workbook labels it is read under; the workbooks of the published version, each with its sha256."""
    rows = "".join(f"<tr><th scope=\"row\">{html_text(column)}</th><td>{html_text(upstream)}</td>"
                   f"<td>{html_text(labels)}</td></tr>" for column, upstream, labels in trail)
    workbooks = "".join(f"<li>{html_text(str(s.get('title') or s.get('file')))} "
                        f"<span class=\"empreinte\">(sha256 {html_text(str(s.get('sha256', ''))[:16])}…)</span></li>"
                        for s in sources)
    said = f" de la version {html_text(version)}" if version else ""
    body = (f"<p>Chaque colonne publiée, les colonnes de la chaîne dont elle est calculée, et les libellés sous "
            f"lesquels elle est lue dans les classeurs déposés. Les octets exacts de chaque classeur sont archivés ; "
            f"une valeur se suit jusqu'à sa cellule avec <code>python -m mayenne_assets.audit {html_text(dataset_id)}"
            f" --key …</code>, et le dossier d'audit de chaque version le dit.</p>"
            f'<div class="defile" tabindex="0" role="region" aria-label="Origine des colonnes">'
            f"<table><caption>Origine de chaque colonne</caption><thead><tr><th scope=\"col\">colonne publiée</th>"
            f"<th scope=\"col\">vient de</th><th scope=\"col\">lue dans les classeurs sous</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
            f"<h2>Les classeurs{said}</h2><ul>{workbooks}</ul>"
            f'<p><a href="{html_text(dataset_id)}.html">Retour au jeu de données</a></p>')
    return pages.write(f"{dataset_id}-origine.html", f"D'où viennent ces données ? — {title}", body)
