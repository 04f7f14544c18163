"""What varies between files and datasets, kept as data: the workbook families (families.toml), the dictionary of
published fields (fields.toml) and the shape of a dataset's declaration (dataset.py). Nothing here imports the
rest of the package: the stages of lib/ read these declarations, never the reverse."""

from pathlib import Path

FOLDER = Path(__file__).parent
