"""Workbooks laid out differently within the contract give the same export as the sample drive."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets_tests.lineage import materialize_group
from mayenne_assets_tests.workbooks import make_xlsx

DATASET_ID = "225300011_effectifs-colleges"


def _export_bytes(settings) -> bytes:
    assert materialize_group(settings, "effectifs").success
    return (settings.exports_dir / DATASET_ID / f"{DATASET_ID}.csv").read_bytes()


def _write_other_layout(drive) -> None:
    """Per-sector files instead of sheets: public as .xlsx keyed by UAI with « RS 1985 » headers and the years
    first; private as a Windows-1252 .csv with names, communes and « 1985-1986 » headers."""
    values = defaultdict(dict)
    for (uai, year), value in observed_truth().items():
        values[uai][year] = value
    years = sorted({year for _, year in observed_truth()})
    by_uai = {c.uai: c for c in colleges()}
    public = [[*[f"RS {y}" for y in years], "Code UAI", "Nom établissement"]]
    private = ["Ville;Etablissement;" + ";".join(f"{y}-{y + 1}" for y in years)]
    for uai in sorted(values):
        college = by_uai[uai]
        cells = [values[uai].get(y) for y in years]
        if college.secteur == "Public":
            public.append([*cells, uai.lower(), college.appellation.upper()])
        else:
            private.append(f"{college.commune};{college.appellation};"
                           + ";".join("" if v is None else str(v) for v in cells))
    make_xlsx(drive / "effectifs colleges publics.xlsx",
              {"Feuil1": [["Effectifs des collèges publics"], [], *public]})
    (drive / "effectifs_colleges_prives.csv").write_bytes("\r\n".join(private).encode("cp1252"))


def test_enrolments_laid_out_otherwise_publish_the_same_export(sample_settings, settings, tmp_path):
    expected = _export_bytes(sample_settings)
    other = replace(settings, shared_drive=tmp_path / "other_drive", warehouse=tmp_path / "other.duckdb",
                    exports_dir=tmp_path / "other_exports", portal_dir=tmp_path / "other_portal")
    other.shared_drive.mkdir()
    _write_other_layout(other.shared_drive)
    assert _export_bytes(other) == expected
