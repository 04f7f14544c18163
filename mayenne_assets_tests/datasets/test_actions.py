"""The actions funded in the collèges: every quantity and every euro of the two workbooks, kinds of equipment
as families.toml declares them."""

from __future__ import annotations

from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.read.families import family
from mayenne_assets.sample.actions_workbooks import biclou_counts, cdvc_amounts, equipment_counts
from mayenne_assets_tests.support.exports import read_export


def test_actions_preserve_every_quantity_and_euro(sample_publication):
    settings = sample_publication("actions").settings
    actions = read_export(settings, "actions")
    assert not actions.duplicated(["annee_scolaire", "uai", "dispositif", "objet"]).any()
    quantities = actions["quantite"].astype(float)
    amounts = actions["montant_euros"].astype(float)
    equipment = sum(sum(sum(v) for v in equipment_counts(y).values()) for y in ("2020-2021", "2021-2022"))
    assert quantities[actions["dispositif"] == "Équipement informatique"].sum() == equipment
    assert quantities[actions["dispositif"] == "Biclou"].sum() == sum(biclou_counts().values())
    assert amounts[actions["dispositif"] == "CDVC"].sum() == sum(cdvc_amounts().values())
    assert quantities.isna().eq(amounts.notna()).all()  # a quantity or an amount, never both
    assert actions["uai"].map(is_valid_uai).all()
    equipements = family("equipements")
    kinds = {equipements.label(kind) for kind in equipements.quantities}
    assert set(actions.loc[actions["dispositif"] == "Équipement informatique", "objet"]) == kinds
