"""From raw cells to values, before anything is stored: counts and amounts as numbers (missing markers to
null), free text to declared choices, phones to ten digits, yes/no marks, coordinates repaired (swapped or
Lambert-93), people's names split. Each problem names its file, sheet, row and column."""
