"""The reports left beside a file set aside on the drive, in French for the data officer: what was found, and
what to do about that, not a generic advice."""

from __future__ import annotations

import datetime as dt

ADVICE = {
    "unreadable": "ouvrez le fichier dans Excel ou LibreOffice : s'il s'ouvre, enregistrez-le de nouveau au format "
                  ".xlsx (sans mot de passe), en supprimant les lignes et colonnes au-delà du tableau ; s'il ne "
                  "s'ouvre pas, demandez un nouvel envoi au service qui l'a produit.",
    "no_family": "aucun tableau reconnu : vérifiez que la ligne d'en-tête porte les intitulés attendus, rappelés "
                 "ci-dessus pour chaque sorte de classeur, puis déposez-le de nouveau.",
    "too_slow": "le classeur n'a pas pu être ouvert en quelques secondes, à trois reprises : supprimez les lignes et "
                "colonnes au-delà du tableau, ou partagez-le en plusieurs classeurs, puis déposez-le de nouveau.",
    "several_families": "le classeur mêle plusieurs sortes de tableaux : mettez chacun dans son propre classeur.",
    "name": "renommez le fichier avec des lettres, des chiffres et des espaces, puis déposez-le de nouveau.",
    "refused_again": "ces octets ont déjà été refusés : corrigez le classeur selon le premier rapport avant de le "
                     "déposer de nouveau.",
    "run": "corrigez dans le classeur les cellules indiquées ci-dessus (feuille, ligne, colonne), puis déposez-le "
           "de nouveau sur le lecteur partagé.",
}


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 become "?"."""
    return name.encode("utf-8", "replace").decode("utf-8")


def quarantine_report(name: str, sha256: str, reason: str, problem: str) -> str:
    return (
        f"Fichier mis de côté : {printable(name)}\n"
        f"Date : {dt.datetime.now():%d/%m/%Y %H:%M}\n"
        f"Empreinte SHA-256 : {sha256}\n\n"
        f"Pourquoi (détail technique) :\n{printable(reason)}\n\n"
        f"Que faire : {ADVICE[problem]}\n"
        "Rien n'a été publié à partir de ce fichier ; les données déjà publiées sont inchangées.\n"
    )


def failed_run_report(name: str, sha256: str, problems: str) -> str:
    """A workbook whose run failed on its content: the problems, by file, sheet, row and column."""
    return quarantine_report(name, sha256, problems, "run") + (
        "Les traitements suivants utilisent la dernière version acceptée de ce classeur (dossier _traites/).\n"
    )


def reserved_name_report(name: str, kind: str) -> str:
    """Something took the name of one of the drive's own folders."""
    return (
        f"Mis de côté : ce qui portait le nom « {name} » ({kind})\n"
        f"Date : {dt.datetime.now():%d/%m/%Y %H:%M}\n\n"
        f"« {name} » est le nom d'un dossier du lecteur partagé, réservé au traitement : il a été recréé, et ce "
        "qui portait ce nom a été déplacé ici sans être lu.\n"
        "Que faire : s'il s'agit d'un classeur, déposez-le de nouveau sous un autre nom.\n"
    )


def irregular_entry_report(name: str, kind: str) -> str:
    """A link, a FIFO or a device on the drive: named, never opened, never moved."""
    return (
        f"Non lu : {printable(name)} ({printable(kind)})\n"
        f"Date : {dt.datetime.now():%d/%m/%Y %H:%M}\n\n"
        "Le lecteur partagé ne lit que des fichiers déposés eux-mêmes : un raccourci (lien symbolique) vers un "
        "fichier d'ailleurs, un tube ou un périphérique n'est jamais ouvert, lu ni déplacé.\n"
        "Que faire : supprimez-le du lecteur et déposez à sa place une copie du classeur.\n"
        "Rien n'a été publié à partir de cette entrée.\n"
    )
