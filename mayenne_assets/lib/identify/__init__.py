"""Who a row is about: each collège resolved to its UAI in the national directory, by the UAI written
(checked against the name and the commune) or by name and commune, exactly or fuzzily with its score; higher
education establishments likewise, where a UAI exists."""
