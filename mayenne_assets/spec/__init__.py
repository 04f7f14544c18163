"""What varies between files and datasets, kept as data: workbook families, dataset declarations."""
