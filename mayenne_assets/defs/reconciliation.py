"""The département's enrolments against the Ministry's: a table the data officer reads in the UI and as a file."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.export.files import write_csv
from mayenne_assets.lib.export.reconciliation import GAP_THRESHOLD, ministry_enrolments, reconcile
from mayenne_assets.lib.export.validation import read_export
from mayenne_assets.lib.warehouse.tables import lineage_assets
from mayenne_assets.resources import ExportStore
from mayenne_assets.settings import REFERENCE_DATA

REPORT_FOLDER = "controles"
REPORT_FILE = "rapprochement_effectifs_ministere.csv"


def reconciliation_asset(effectifs: Dataset) -> dg.AssetsDefinition:
    @dg.asset(name="reconciliation_effectifs", group_name="effectifs", kinds={"pandas", "csv"},
              owners=["team:data"], deps=[lineage_assets(effectifs.group).export],
              automation_condition=dg.AutomationCondition.eager())
    def reconciliation_effectifs(exports: ExportStore) -> dg.MaterializeResult:
        """Enrolments per collège and rentrée compared with the Ministry's figures (rentrée 2020 from the DNB
        file, the latest rentrée from the national enrolment file), for every collège and rentrée present in
        both."""
        return _reconciled(effectifs, exports)

    return reconciliation_effectifs


def _reconciled(effectifs: Dataset, exports: ExportStore) -> dg.MaterializeResult:
    ministry = ministry_enrolments(REFERENCE_DATA, effectifs.territory.uai_prefixes)
    table = reconcile(read_export(exports.folder(effectifs.dataset_id), effectifs), ministry)
    path = exports.folder(REPORT_FOLDER) / REPORT_FILE
    write_csv(table, path)
    flagged = table[table["statut"] != "concordant"]
    return dg.MaterializeResult(metadata={
        "compared": len(table),
        "rentrees_compared": dg.MetadataValue.json(sorted(int(y) for y in table["rentree_scolaire"].unique())),
        "gaps_to_check": len(flagged),
        "threshold": f"{GAP_THRESHOLD:.0%}",
        "largest_gaps": markdown_table(table.reindex(table["ecart_relatif"].abs().sort_values(ascending=False)
                                                     .index)),
        "file": dg.MetadataValue.path(str(path)),
    })
