"""One home for text utilities: dates and money mentioned in prose (later also sentences and names)."""
