"""What every stage shares: text normalised the way labels and names are compared, and the check keys of
identifiers (UAI, SIREN / SIRET). Nothing here knows about files, families or datasets."""
