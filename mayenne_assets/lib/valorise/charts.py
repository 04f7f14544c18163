"""The charts the département used to draw by hand, declared with Altair and rendered offline (vl-convert) as
PNG and SVG: titled, with their source and date, axes in French, large enough for a slide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from mayenne_assets.lib.common.charter import Charter
from mayenne_assets.lib.common.territory import Territory

WIDTH, HEIGHT = 760, 380
MAX_LINES = 12  # beyond, a line chart's colours cannot be told apart


def _titled(chart: alt.Chart, title: str, source: str, territory: Territory) -> alt.Chart:
    said = f"Source : {source} — {territory.publisher}, {dt.date.today():%d/%m/%Y}"
    return chart.properties(width=WIDTH, height=HEIGHT, title=alt.Title(title, subtitle=said, fontSize=20,
                                                                          subtitleFontSize=13, anchor="start"))


def _sectors(charter: Charter, with_total: bool = False) -> alt.Scale:
    domain = ["Public", "Privé", *(["Total"] if with_total else [])]
    colours = [charter.colour("public"), charter.colour("prive"), *([charter.colour("total")] if with_total else [])]
    return alt.Scale(domain=domain, range=colours)


def _styled(chart: alt.Chart, charter: Charter) -> alt.Chart:
    """The charter's font everywhere, its text colour on titles and axes."""
    text = charter.colour("texte")
    return chart.configure(font=charter.font).configure_axis(
        labelFontSize=13, titleFontSize=14, labelColor=text, titleColor=text).configure_legend(
        labelFontSize=13, titleFontSize=14, labelLimit=360, labelColor=text, titleColor=text).configure_title(
        color=text, subtitleColor=text).configure_view(stroke=None)


def enrolments_by_sector(effectifs: pd.DataFrame, territory: Territory, charter: Charter) -> alt.Chart:
    """Pupils at each rentrée since 1985, public, private and their total."""
    totals = effectifs.groupby(["rentree_scolaire", "secteur"], as_index=False)["effectif"].sum()
    overall = totals.groupby("rentree_scolaire", as_index=False)["effectif"].sum().assign(secteur="Total")
    lines = alt.Chart(pd.concat([totals, overall])).mark_line(strokeWidth=3).encode(
        x=alt.X("rentree_scolaire:O", title="Rentrée scolaire", axis=alt.Axis(labelAngle=-45, values=list(
            range(int(totals["rentree_scolaire"].min()), int(totals["rentree_scolaire"].max()) + 1, 4)))),
        y=alt.Y("effectif:Q", title="Nombre d'élèves"),
        color=alt.Color("secteur:N", title="Secteur", scale=_sectors(charter, with_total=True)))
    heading = territory.fill("Les élèves des collèges {de_departement} depuis 1985")
    return _styled(_titled(lines, heading, "effectifs des collèges", territory), charter)


def _donut(frame: pd.DataFrame, category: str, value: str, scale: alt.Scale, text: alt.Text) -> alt.Chart:
    """Shares of a whole as a ring, each labelled outside it: how the département drew them."""
    base = alt.Chart(frame).encode(theta=alt.Theta(f"{value}:Q", stack=True),
                                   color=alt.Color(f"{category}:N", scale=scale, title=None,
                                                   legend=alt.Legend(orient="right")),
                                   order=alt.Order(f"{category}:N"))
    ring = base.mark_arc(innerRadius=80, outerRadius=150, stroke="#ffffff", strokeWidth=2)
    return ring + base.mark_text(radius=178, fontSize=15).encode(text=text)


def sector_shares(effectifs: pd.DataFrame, territory: Territory, charter: Charter) -> alt.Chart:
    """The public / private share at the latest rentrée."""
    latest = int(effectifs["rentree_scolaire"].max())
    shares = effectifs[effectifs["rentree_scolaire"] == latest].groupby("secteur", as_index=False)["effectif"].sum()
    shares["part"] = shares["effectif"] / shares["effectif"].sum()
    donut = _donut(shares, "secteur", "part", _sectors(charter), alt.Text("part:Q", format=".1%"))
    title = f"Public et privé à la rentrée {latest}"
    return _styled(_titled(donut, title, "effectifs des collèges", territory), charter)


def _area_level(effectifs: pd.DataFrame) -> tuple[str, str]:
    """The finest level a reader can follow as lines: arrondissements, else (a whole country) regions."""
    if effectifs["nom_arrondissement"].nunique() <= MAX_LINES:
        return "nom_arrondissement", "arrondissement"
    return "region_academique", "région"


def enrolments_by_arrondissement(effectifs: pd.DataFrame, projections: pd.DataFrame | None,
                                 territory: Territory, charter: Charter) -> alt.Chart:
    """Public collèges' pupils per arrondissement (per region for a whole country) over time, then projected
    (dashed) to the last projected year: the study projects the public collèges, so the observed line is theirs."""
    area, level = _area_level(effectifs)
    publics = effectifs[effectifs["secteur"] == "Public"]
    observed = publics.groupby(["rentree_scolaire", area], as_index=False)["effectif"].sum()
    observed["nature"] = "constaté"
    frames = [observed]
    if projections is not None and not projections.empty:
        study = projections[(projections["source"] == "département") & (projections["nature"] == "projection")]
        study = study[study["millesime"] == study["millesime"].max()]
        if area not in study:
            areas = effectifs[["code_arrondissement", area]].drop_duplicates("code_arrondissement")
            study = study.merge(areas, on="code_arrondissement", how="left")
        projected = study.groupby(["rentree_scolaire", area], as_index=False)["effectif"].sum()
        frames.append(projected.assign(nature=territory.fill("projeté (étude {du_publisher})")))
    data = pd.concat(frames)
    lines = alt.Chart(data).mark_line(strokeWidth=3).encode(
        x=alt.X("rentree_scolaire:Q", title="Rentrée scolaire", axis=alt.Axis(format="d")),
        y=alt.Y("effectif:Q", title="Nombre d'élèves"),
        color=alt.Color(f"{area}:N", title=level.capitalize()),
        strokeDash=alt.StrokeDash("nature:N", title="Effectif"))
    return _styled(_titled(lines, f"Les élèves des collèges publics par {level}, constatés puis projetés",
                           "effectifs et projections des collèges", territory), charter)


def specialised_sections(annuaire: pd.DataFrame, territory: Territory, charter: Charter) -> alt.Chart:
    """Collèges offering each specialised class or section, public and private."""
    offers = {"Segpa": "SEGPA", "ULIS": "ULIS", "Section_sport": "Section sportive",
              "Section_europeenne": "Section européenne", "Hebergement": "Internat"}
    rows = [{"dispositif": label, "secteur": sector, "colleges": int((group[column] == 1).sum())}
            for column, label in offers.items() for sector, group in annuaire.groupby("Statut_public_prive")]
    bars = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("colleges:Q", title="Nombre de collèges"), y=alt.Y("dispositif:N", title=None, sort="-x"),
        color=alt.Color("secteur:N", title="Secteur", scale=_sectors(charter)), yOffset="secteur:N")
    title = "Classes et sections spécialisées des collèges"
    return _styled(_titled(bars, title, "annuaire des collèges", territory), charter)


def heads_by_civilite(principaux: pd.DataFrame, territory: Territory, charter: Charter) -> alt.Chart:
    counts = principaux.assign(civilite=principaux["civilite"].map({"Mme": "Femmes", "M.": "Hommes"})
                               .fillna("Non précisé")).groupby("civilite", as_index=False).size()
    colours = {"Femmes": charter.colour("femmes"), "Hommes": charter.colour("hommes"),
               "Non précisé": charter.colour("non_precise")}
    present = [c for c in colours if c in set(counts["civilite"])]
    scale = alt.Scale(domain=present, range=[colours[c] for c in present])
    donut = _donut(counts, "civilite", "size", scale, alt.Text("size:Q"))
    return _styled(_titled(donut, "Femmes et hommes à la tête des collèges publics", "principaux des collèges",
                           territory), charter)


def actions_by_year(actions: pd.DataFrame, territory: Territory, charter: Charter) -> alt.Chart:
    """Equipment and bicycles counted per school year and programme (the euros of the CDVC apart)."""
    counted = actions.dropna(subset=["quantite"]).groupby(["annee_scolaire", "dispositif"], as_index=False)[
        "quantite"].sum()
    bars = alt.Chart(counted).mark_bar().encode(
        x=alt.X("annee_scolaire:N", title="Année scolaire"), y=alt.Y("quantite:Q", title="Quantité financée"),
        color=alt.Color("dispositif:N", title="Dispositif"), xOffset="dispositif:N")
    title = territory.fill("Ce que {le_publisher} finance dans les collèges")
    return _styled(_titled(bars, title, "actions dans les collèges", territory), charter)


def save(chart: alt.Chart, folder: Path, name: str) -> dict[str, Path]:
    """The chart as PNG (for slides; twice the pixels) and SVG (for the web), rendered without any network."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"png": folder / f"{name}.png", "svg": folder / f"{name}.svg"}
    spec = chart.to_dict()
    files["png"].write_bytes(vl_convert.vegalite_to_png(spec, scale=2, format_locale="fr-FR",
                                                        time_format_locale="fr-FR"))
    files["svg"].write_text(vl_convert.vegalite_to_svg(spec, format_locale="fr-FR", time_format_locale="fr-FR"),
                            encoding="utf-8")
    return files


Tables = dict[str, pd.DataFrame]  # validated table of each dataset, by its group


@dataclass(frozen=True)
class Chart:
    """One chart: its file, its title (it may name the territory), the validated tables it is drawn from, how,
    and the dataset whose page it illustrates."""

    stem: str
    title: str
    reads: tuple[str, ...]
    draw: Callable[[Tables, Territory, Charter], alt.Chart]
    illustrates: str | None = None


CHARTS = (
    Chart("effectifs_depuis_1985", "Les élèves des collèges depuis 1985", ("effectifs",),
          lambda t, here, look: enrolments_by_sector(t["effectifs"], here, look), illustrates="effectifs"),
    Chart("public_prive", "Public et privé à la dernière rentrée", ("effectifs",),
          lambda t, here, look: sector_shares(t["effectifs"], here, look)),
    Chart("arrondissements", "Les élèves par arrondissement, constatés puis projetés", ("effectifs", "projections"),
          lambda t, here, look: enrolments_by_arrondissement(t["effectifs"], t["projections"], here, look),
          illustrates="projections"),
    Chart("sections_specialisees", "Classes et sections spécialisées", ("annuaire",),
          lambda t, here, look: specialised_sections(t["annuaire"], here, look), illustrates="annuaire"),
    Chart("principaux_femmes_hommes", "Femmes et hommes à la tête des collèges", ("principaux",),
          lambda t, here, look: heads_by_civilite(t["principaux"], here, look), illustrates="principaux"),
    Chart("actions_par_annee", "Ce que {le_publisher} finance", ("actions",),
          lambda t, here, look: actions_by_year(t["actions"], here, look), illustrates="actions"),
)


def tables_read() -> list[str]:
    """Every validated table a chart is drawn from."""
    return sorted({group for chart in CHARTS for group in chart.reads})
