"""The sample shared drive: realistic workbooks built from the real collèges, with every quirk of the contract."""
