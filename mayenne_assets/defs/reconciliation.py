"""The département's enrolments against the Ministry's: a table the data officer reads in the UI and as a file."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.datasets.effectifs import DATASET as EFFECTIFS
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.defs.warnings import read_published_table
from mayenne_assets.lib.common.territory import current_territory
from mayenne_assets.lib.export.files import write_csv
from mayenne_assets.lib.export.reconciliation import GAP_THRESHOLD, ministry_enrolments, reconcile
from mayenne_assets.resources import ExportStore
from mayenne_assets.settings import REFERENCE_DATA

REPORT_FOLDER = "controles"
REPORT_FILE = "rapprochement_effectifs_ministere.csv"


@dg.asset(group_name="effectifs", kinds={"pandas", "csv"}, owners=["team:data"], deps=["export_effectifs"],
          automation_condition=dg.AutomationCondition.eager())
def reconciliation_effectifs(exports: ExportStore) -> dg.MaterializeResult:
    """Enrolments per collège and rentrée compared with the Ministry's figures (rentrée 2020 from the DNB file,
    the latest rentrée from the national enrolment file), for every collège and rentrée present in both."""
    ministry = ministry_enrolments(REFERENCE_DATA, current_territory().uai_prefixes)
    table = reconcile(read_published_table(exports, EFFECTIFS), ministry)
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
