"""The data officer's guide to the shared drive, in French: how to drop, correct and withdraw a workbook, what
becomes of it, and the contract each kind of workbook follows. The contract's tables (column labels, what is not
data, missing markers, yes/no marks) are written from declarations/families.toml, the rules the reader applies, so
that the guide says exactly what is accepted.

    python -m mayenne_assets.documentation            # rewrite mayenne_assets/documentation/guide-des-classeurs.md

The guide ships with the package and is copied into the portal folder, linked from its catalogue page.
"""

from __future__ import annotations

import sys

from mayenne_assets.lib.publish.catalogue import GUIDE
from mayenne_assets.lib.read.families import SERIES, Family, families, not_data_rules

SERIES_FORMS = {  # the column headers lib/read/series_labels.py reads, by kind of series
    "school_year": "une colonne par année scolaire : « 1985 », « Rentrée 1985 », « 1985-1986 », « 1985/86 », "
                   "« RS 1985 »",
    "projected_years": "l'année constatée puis les années prévues : « Constat 2021 », « Rentrée 2021 (constat) », "
                       "« 2022 », « Prévision 2022 », « 2022 (p) », « P2023 »",
    "amount_per_school_year": "une colonne d'euros par année scolaire : « Montant 2019-2020 », « 2020/2021 (€) »",
}

PROCEDURES = """# Guide des classeurs du lecteur partagé

Ce guide s'adresse à l'agent chargé des données et aux services qui fournissent les classeurs. Il dit comment
déposer, corriger ou retirer un classeur, ce qu'il en advient, et ce que chaque sorte de classeur doit contenir.
Les tableaux de la seconde partie sont écrits à partir des règles mêmes que le traitement applique.

## Déposer un classeur

1. Enregistrez le classeur au format .xlsx (sont acceptés aussi .xls, .ods, .xlsm, .xlsb et .csv en UTF-8 ou
   Windows-1252, séparateur « ; » ou « , »), 50 Mo au plus.
2. Copiez-le dans le dossier du lecteur partagé. Le nom du fichier est libre : c'est le contenu (les intitulés
   de colonnes) qui dit de quelle sorte de classeur il s'agit.
3. Le traitement attend que le fichier ne change plus (une minute par défaut) et qu'aucun programme ne le tienne
   ouvert, puis le lit et publie les jeux de données qu'il alimente. Un classeur lu sans erreur part dans
   `_traites/` ; ses octets exacts sont gardés, datés, dans `_archives/`.
4. Déposer de nouveau exactement le même fichier ne relance rien.

## Quand un classeur est refusé

Un classeur illisible, d'une sorte inconnue, ou dont une cellule ne peut pas être publiée est déplacé dans
`_quarantaine/`, à côté d'un rapport `.LISEZ-MOI.txt` qui dit pourquoi, en nommant le fichier, l'onglet, la ligne
ou la colonne, et ce qui était attendu. **Rien n'est publié à partir de ce classeur, et les données déjà publiées
restent telles quelles** : les jeux de données continuent d'utiliser la dernière version acceptée.

Pour corriger : ouvrez le classeur, corrigez les cellules que le rapport indique, enregistrez-le, puis déposez-le
de nouveau sur le lecteur (sous le même nom ou un autre). Le rapport et la copie refusée peuvent être supprimés.

Le lecteur ne lit que des fichiers déposés eux-mêmes : un raccourci vers un fichier situé ailleurs n'est jamais
ouvert (un rapport le signale). Les noms `_traites`, `_archives` et `_quarantaine` sont réservés au traitement.

## La rentrée suivante, les corrections

Déposez le classeur de l'année suivante à côté de celui de l'année passée, dans la présentation de votre choix
parmi celles que décrit ce guide. Lorsque deux classeurs donnent une valeur pour la même clé (collège et rentrée,
par exemple), **le classeur reçu en dernier l'emporte**, pour les clés qu'il contient. Chaque valeur révisée est
conservée et signalée, et chaque nouvelle version publiée est accompagnée d'un fichier `changes.csv` qui dit ce
qui a changé : lignes ajoutées, retirées, valeurs modifiées. Deux lignes pour la même clé dans un même classeur
sont une erreur.

## Retirer une année publiée, ou une publication

- Une rentrée que la version publiée contient et que le nouveau classeur n'a plus **arrête la publication** :
  des cellules effacées ou un onglet oublié ne retirent jamais une année en silence. Pour retirer une rentrée
  volontairement, inscrivez-la dans `data/retraits.toml` (jeu de données, période, qui, quand, pourquoi : le
  fichier donne un exemple), puis relancez la publication.
- Pour revenir à la publication précédente d'un jeu de données ou pour le dépublier, l'ingénieur de données lance
  `python -m mayenne_assets.portal rollback <identifiant>` ou `withdraw <identifiant>` (ou le job
  `portal_rollback` dans l'interface Dagster). Chaque version reste conservée, et chaque action est inscrite au
  journal.

## Ce que tout classeur peut contenir

- Jusqu'à six lignes de titre, de notes ou de lignes vides au-dessus du tableau ; l'en-tête peut tenir sur deux
  lignes (des intitulés de groupe fusionnés au-dessus des intitulés de colonnes).
- Les intitulés sont reconnus quelle que soit leur casse, leurs accents, leur ponctuation, leurs espaces et leurs
  retours à la ligne : « Nom du collège », « NOM DU COLLEGE » et « Nom du↵collège » sont le même intitulé.
  L'ordre des colonnes est libre ; une colonne inconnue est écartée et signalée.
- Les cellules fusionnées donnent leur valeur à toutes les cellules qu'elles couvrent.
- Plusieurs onglets sont possibles (un par secteur, par arrondissement ou par année) ; les onglets nommés comme
  {ignored_sheets} ne sont pas lus.
- Un collège sans code UAI est retrouvé dans l'annuaire national par son nom et sa commune ; un nom qui ne peut
  pas être rapproché avec certitude est une erreur signalée, jamais une supposition publiée.
- Les données personnelles des gestionnaires ne sont jamais lues. Les noms des principaux et des conseillers ne
  sont publiés qu'avec l'accord du délégué à la protection des données.

### Lignes et colonnes qui ne sont pas des données

Ces lignes sont écartées, comptées et signalées, jamais publiées (les mots sont écrits ici sans accents ni
ponctuation, comme le traitement les compare) :

| sorte | reconnue à |
|---|---|
| ligne de total | une cellule qui commence par {total_prefixes}, ou qui vaut {total_labels} |
| note sous le tableau | une cellule qui commence par {note_prefixes} suivi de « : » |
| ligne vide, en-tête répété | — |
| colonne calculée | un intitulé qui commence par {derived} |

### Valeurs

- Nombres : 1234, « 1 234 », « 1234,0 », « 512 » avec des espaces.
- Valeur manquante (jamais 0) : une cellule vide, ou {missing}.
- Oui : {yes}. Non : une cellule vide, ou {no}.
- Code UAI : « 0530484n », « RNE 0530484N » ; sa lettre clé est vérifiée.

## Les sortes de classeurs
"""


def _quoted(values) -> str:
    return ", ".join(f"« {value} »" for value in values)


def _columns(family: Family) -> list[str]:
    required = {column for alternative in family.required for column in alternative}
    lines = ["| colonne | intitulés reconnus | |", "|---|---|---|"]
    for name, spec in family.columns.items():
        if spec.personal:
            note = f"jamais lue : {spec.personal_reason}"
        else:
            note = "requise" if name in required and len(family.required) == 1 else ""
        lines.append(f"| {name} | {_quoted(spec.labels)} | {note} |")
    if family.series is not None:
        forms = SERIES_FORMS["projected_years" if family.discriminant == "projected_years" else family.series.kind]
        lines.append(f"| {family.series.name} | {forms} | requise |")
    return lines


def _family_section(family: Family) -> str:
    def described(column: str) -> str:
        return family.series.name if column == SERIES and family.series else column

    alternatives = " ; ou ".join(" et ".join(described(c) for c in alt) for alt in family.required)
    context = "".join(f"\n- Sans colonne {name}, elle est lue dans le nom de l'onglet, le titre ou le nom du fichier."
                      for name in family.context)
    return "\n".join([f"### {family.title}", "", f"Colonnes indispensables : {alternatives}.{context}", "",
                      *_columns(family), ""])


def render() -> str:
    rules = not_data_rules()
    text = PROCEDURES.format(
        ignored_sheets=_quoted(rules.ignored_sheet_prefixes), total_prefixes=_quoted(rules.total_row_prefixes),
        total_labels=_quoted(rules.total_row_labels), note_prefixes=_quoted(rules.note_row_prefixes),
        derived=_quoted(rules.derived_column_prefixes), missing=_quoted(sorted(m for m in rules.missing_markers if m)),
        yes=_quoted(sorted(rules.yes_marks)), no=_quoted(sorted(m for m in rules.no_marks if m)))
    return text + "\n" + "\n".join(_family_section(family) for family in families().values())


def main() -> None:
    GUIDE.parent.mkdir(parents=True, exist_ok=True)
    GUIDE.write_text(render(), encoding="utf-8")
    print(GUIDE, file=sys.stderr)


if __name__ == "__main__":
    main()
