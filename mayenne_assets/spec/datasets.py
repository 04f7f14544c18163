"""One declaration per published dataset: its identity and descriptive record, and the schema of its export.

The portal metadata, the Table Schema and the documentation are generated from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from mayenne_assets.spec import schemas

PUBLISHER = "Département de la Mayenne"
PUBLISHER_SIREN = "225300011"
LICENCE = "Licence Ouverte v2.0 (Etalab)"
CONTACT = "opendata@lamayenne.fr"


@dataclass(frozen=True)
class Dataset:
    slug: str
    group: str  # the Dagster asset group, also the short name used in asset keys
    title: str
    description: str
    keywords: tuple[str, ...]
    schema: pa.DataFrameSchema
    feeds: tuple[str, ...]  # the workbook families it is built from
    frequency: str = "annuelle"
    temporal_column: str | None = None
    temporal_sql: str | None = None  # when there is no temporal column: SELECT first, last FROM {table}
    personal_data: dict[str, str] = field(default_factory=dict)  # column → why it may be published
    purpose: str = "Information du public (open data, loi pour une République numérique)"
    legal_basis: str = "Obligation légale d'ouverture des données publiques (CRPA, art. L312-1-1)"

    @property
    def dataset_id(self) -> str:
        return f"{PUBLISHER_SIREN}_{self.slug}"

    @property
    def temporal_query(self) -> str:
        """A query for the first and last year the data cover; {table} is the staging table."""
        if self.temporal_sql:
            return self.temporal_sql
        column = self.temporal_column
        return f"select min({column}), max({column}) from {{table}}"


EFFECTIFS = Dataset(
    slug="effectifs-colleges",
    group="effectifs",
    title="Effectifs des collèges de la Mayenne depuis 1985",
    description=(
        "Nombre d'élèves inscrits à la rentrée dans chaque collège public et privé sous contrat de la Mayenne, "
        "depuis la rentrée 1985. Construit à partir des classeurs de la Direction de l'éducation et des collèges "
        "(un onglet par secteur) : lignes de totaux et colonnes calculées retirées, collèges identifiés par leur "
        "UAI dans l'annuaire de l'éducation, communes et arrondissements du Code officiel géographique 2022. "
        "Limites : une cellule vide ou marquée « nc » n'est pas publiée (aucune valeur n'est inventée) ; "
        "les effectifs de la dernière rentrée peuvent être provisoires."
    ),
    keywords=("éducation", "collèges", "effectifs", "élèves", "Mayenne", "rentrée scolaire"),
    schema=schemas.EFFECTIFS,
    feeds=("effectifs",),
    temporal_column="rentree_scolaire",
)

PROJECTIONS = Dataset(
    slug="projection-effectifs-colleges",
    group="projections",
    title="Projection des effectifs des collèges publics de la Mayenne",
    description=(
        "Effectifs constatés puis projetés, rentrée par rentrée, de chaque collège public de la Mayenne, "
        "d'après l'étude prospective du Département (un onglet par arrondissement). Une seconde ressource "
        "les agrège par arrondissement (Château-Gontier, Laval, Mayenne) et pour le département. "
        "Limites : une projection n'est pas une prévision certaine ; elle suppose les secteurs de recrutement "
        "inchangés. La colonne « source » distingue l'étude du Département des autres modèles."
    ),
    keywords=("éducation", "collèges", "effectifs", "projection", "prospective", "Mayenne"),
    schema=schemas.PROJECTIONS,
    feeds=("projections",),
    temporal_column="rentree_scolaire",
)

ACTIONS = Dataset(
    slug="actions-colleges",
    group="actions",
    title="Actions financées par le Département de la Mayenne dans les collèges",
    description=(
        "Ce que le Département finance dans les collèges, par année scolaire : équipements informatiques "
        "(ordinateurs, tablettes, VPI/TBI, vidéoprojecteurs), vélos prêtés aux collégiens (Biclou) et subventions "
        "du contrat départemental de vie collégienne (CDVC). Compilé à partir de deux classeurs de structures "
        "différentes ; chaque ligne est une quantité ou un montant, jamais les deux. Limites : les équipements "
        "sont ceux financés par le Département, pas l'ensemble du parc des collèges."
    ),
    keywords=("éducation", "collèges", "numérique", "équipements", "vélo", "subventions", "Mayenne"),
    schema=schemas.ACTIONS,
    feeds=("equipements", "dispositifs"),
    temporal_sql="select min(left(annee_scolaire, 4)::int), max(left(annee_scolaire, 4)::int) from {table}",
)

ENSEIGNEMENT_SUPERIEUR = Dataset(
    slug="enseignement-superieur",
    group="enseignement_superieur",
    title="L'enseignement supérieur en Mayenne",
    description=(
        "Les établissements d'enseignement supérieur de la Mayenne (université, IUT, écoles d'ingénieurs, "
        "instituts de formation en soins infirmiers, lycées avec BTS ou CPGE) et les formations qu'ils "
        "préparent, une ligne par établissement et formation. L'UAI manquant est complété depuis les données "
        "Parcoursup du ministère quand le nom correspond avec certitude ; la position est celle de Parcoursup. "
        "Limites : la liste des formations est celle déclarée par le Département, pas un catalogue exhaustif."
    ),
    keywords=("enseignement supérieur", "formations", "université", "BTS", "Mayenne", "Laval"),
    schema=schemas.ENSEIGNEMENT_SUPERIEUR,
    feeds=("enseignement_superieur",),
    # the year the workbook says it describes (a column, its title, sheet or file name)
    temporal_sql="select min(annee_reference), max(annee_reference) from {table}",
)

PRINCIPAUX = Dataset(
    slug="principaux-colleges",
    group="principaux",
    title="Principaux des collèges de la Mayenne et conseillers départementaux aux conseils d'administration",
    description=(
        "Pour chaque collège : le chef d'établissement (civilité, nom, prénom, courriel professionnel), le "
        "téléphone du collège et les conseillers départementaux qui siègent à son conseil d'administration. "
        "Données de fonction publique, publiées après accord du délégué à la protection des données. Les noms "
        "et courriels des gestionnaires ne sont jamais lus ni publiés."
    ),
    keywords=("éducation", "collèges", "principaux", "conseil d'administration", "élus", "Mayenne"),
    schema=schemas.PRINCIPAUX,
    feeds=("principaux",),
    # the year the workbook says it describes (a column, its title, sheet or file name)
    temporal_sql="select min(annee_reference), max(annee_reference) from {table}",
    purpose="Faire connaître les responsables des collèges et les représentants du Département aux conseils "
            "d'administration",
    legal_basis="Mission d'intérêt public (RGPD, art. 6.1.e) ; données de fonction publique et de mandat électif",
    personal_data={
        "nom_principal": "nom d'un agent public dans l'exercice de sa fonction de chef d'établissement",
        "prenom_principal": "prénom du chef d'établissement, même fondement",
        "mail_principal": "adresse professionnelle de fonction du chef d'établissement",
        "conseillers_departementaux": "noms d'élus dans l'exercice de leur mandat",
    },
)

ANNUAIRE = Dataset(
    slug="annuaire-education-colleges",
    group="annuaire",
    title="Annuaire de l'éducation : les collèges de la Mayenne",
    description=(
        "Les collèges publics et privés de la Mayenne au format de l'Annuaire de l'éducation national (mêmes "
        "colonnes, même ordre), construit à partir de la liste des collèges du Département et complété par "
        "l'annuaire national géolocalisé, suivi du nombre d'élèves de la dernière rentrée connue. Téléphones à "
        "dix chiffres, dispositifs en 1/0, positions en WGS84 : les coordonnées inversées ou en Lambert-93 du "
        "classeur sont corrigées, et un point hors du département n'est jamais publié. Limites : les champs "
        "propres aux écoles et aux lycées sont vides."
    ),
    keywords=("éducation", "collèges", "annuaire", "établissements scolaires", "Mayenne"),
    schema=schemas.ANNUAIRE,
    feeds=("colleges",),
    # the rentrée of its Nombre_d_eleves: the latest of the enrolment dataset
    temporal_sql="select max(rentree_scolaire), max(rentree_scolaire) from validated.effectifs",
)

DATASETS = {
    dataset.group: dataset
    for dataset in (ANNUAIRE, EFFECTIFS, PROJECTIONS, ACTIONS, ENSEIGNEMENT_SUPERIEUR, PRINCIPAUX)
}
