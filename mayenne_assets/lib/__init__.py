"""Dagster-free building blocks, one sub-package per stage the data go through, in this order:

    common      text normalisation, identifiers' check keys, the territory, problems: shared by every stage
    drive       the shared drive: waiting, processed, archived and set-aside files; snapshots of their bytes
    read        workbooks to raw tables: parsing under limits, finding the header, telling the family
    prepare     raw cells to values: counts, amounts, phones, yes/no marks, coordinates, people's names
    identify    collèges and establishments resolved to their UAI
    warehouse   the warehouse's tables and who builds each; the SQL models of dbt_like_sql/, their order and
                dependencies read from the SQL
    forecast    enrolments projected from the published history, and backtested
    export      pandera schemas built from the field dictionary, validation, CSV / Parquet / Table Schema files
    publish     the local portal and the OpenDataSoft client
    valorise    charts, the map of the collèges and the report page, from the validated exports
    governance  the register of processing, the data protection officer's approvals, the audit dossier, the data
                and code versions

A stage imports only the stages before it (and the declarations, which are data and import nothing of lib):
mayenne_assets_tests/architecture/test_architecture.py fails on an import against that direction.
"""

STAGES = ("common", "drive", "read", "prepare", "identify", "warehouse", "forecast", "export", "publish",
          "valorise", "governance")
