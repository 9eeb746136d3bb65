"""Storage: the SQL state (accounts, sources, chunks), the keyword index beside it and the vector index."""
