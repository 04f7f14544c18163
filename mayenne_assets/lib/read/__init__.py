"""From a snapshot to raw tables: spreadsheets parsed in a child process under memory and time limits, the
header found below title rows, years as columns turned into rows, rows and columns that are not data dropped and
counted, and each sheet told to its workbook family (declared in declarations/families.toml)."""
