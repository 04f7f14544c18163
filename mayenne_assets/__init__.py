"""mayenne_assets: the open-data factory of the Département de la Mayenne's education data."""
