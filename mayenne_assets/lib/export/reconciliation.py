"""Comparing the département's enrolments with the Ministry's, collège by collège and rentrée by rentrée."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

GAP_THRESHOLD = 0.05  # a relative gap above 5 % is worth a look


def ministry_enrolments(reference_data: Path, uai_prefixes: frozenset[str]) -> pd.DataFrame:
    """uai, rentree_scolaire, effectif_ministere, source: rentrée 2020 (DNB 2021 file) and the latest rentrée of
    the national enrolment file (mostly 2024), for the collèges whose UAI starts with one of the prefixes."""
    dnb = pd.read_parquet(reference_data / "dnb_2021.parquet")
    national = pd.read_parquet(reference_data / "effectifs_nationaux.parquet")
    dnb = dnb[dnb["numero_college"].str[:3].isin(uai_prefixes)]
    national = national[national["numero_college"].str[:3].isin(uai_prefixes)]
    frames = [
        pd.DataFrame({"uai": dnb["numero_college"], "rentree_scolaire": _integers(dnb["session"]) - 1,
                      "effectif_ministere": _integers(dnb["nombre_eleves_total"]),
                      "source_ministere": "fr-en-dnb-par-etablissement (session 2021)"}),
        pd.DataFrame({"uai": national["numero_college"], "rentree_scolaire": _integers(national["rentree_scolaire"]),
                      "effectif_ministere": _integers(national["nombre_eleves_total"]),
                      "source_ministere": "fr-en-college-effectifs-niveau-sexe-lv"}),
    ]
    ministry = pd.concat(frames, ignore_index=True).dropna(subset=["rentree_scolaire", "effectif_ministere"])
    return ministry.astype({"rentree_scolaire": int, "effectif_ministere": int}).drop_duplicates(
        ["uai", "rentree_scolaire"])


def _integers(texts: pd.Series) -> pd.Series:
    return pd.to_numeric(texts, errors="coerce")


def reconcile(ours: pd.DataFrame, ministry: pd.DataFrame, threshold: float = GAP_THRESHOLD) -> pd.DataFrame:
    """One row per collège and rentrée present in both: both figures, the gap, and whether it needs a look."""
    both = ours[["uai", "nom_etablissement", "rentree_scolaire", "effectif"]].merge(
        ministry, on=["uai", "rentree_scolaire"], how="inner")
    both = both.rename(columns={"effectif": "effectif_departement"})
    both["ecart"] = both["effectif_departement"] - both["effectif_ministere"]
    both["ecart_relatif"] = (both["ecart"] / both["effectif_ministere"]).round(4)
    both["statut"] = both["ecart_relatif"].abs().gt(threshold).map({True: "écart à vérifier", False: "concordant"})
    return both.sort_values(["statut", "rentree_scolaire", "uai"], ascending=[False, True, True]).reset_index(
        drop=True)
