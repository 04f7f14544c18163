"""Invented people for the sample workbooks: heads of collèges, business managers, councillors.

None of them exists; the sample drive records a data protection approval for these invented names only.
"""

from __future__ import annotations

import random

FIRST_NAMES_F = ["Anne", "Claire", "Sophie", "Isabelle", "Nathalie", "Hélène", "Sandrine", "Agnès", "Céline",
                 "Véronique", "Laure", "Maud"]
FIRST_NAMES_M = ["Pierre", "Jean-Marc", "François", "Thierry", "Olivier", "Laurent", "Éric", "Yannick", "Gilles",
                 "Hervé", "Bruno", "Loïc"]
LAST_NAMES = ["Durand", "Lemaître", "Bouvier", "Guérin", "Chauvin", "Lebreton", "Perrault", "Morin", "Gautier",
              "Rousseau", "Tessier", "Leroux", "Hamon", "Barbier", "Pichon", "Cordier", "Renaud", "Lebrun",
              "Fournier", "Jouanneau", "Hubert", "Marchand", "Poirier", "Bellanger"]
# The business managers' surnames are drawn apart, so that finding one in a published file is always a leak.
MANAGER_LAST_NAMES = ["Brochard", "Quéméner", "Vaugeois", "Landais", "Chesnel", "Ménard", "Gaudin", "Trouillard",
                      "Besnier", "Coulon", "Froger", "Salmon"]


def person(seed: str, last_names: list[str] = LAST_NAMES) -> tuple[str, str, str]:
    """(civilité, prénom, nom) for a seed, always the same."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        return "Mme", rng.choice(FIRST_NAMES_F), rng.choice(last_names)
    return "M.", rng.choice(FIRST_NAMES_M), rng.choice(last_names)


def email(first: str, last: str, domain: str) -> str:
    from mayenne_assets.lib.common.text import strip_accents

    return strip_accents(f"{first}.{last}".lower().replace(" ", "-")) + f"@{domain}"
