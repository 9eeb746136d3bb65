"""The write side: uploaded and ingested files become documents, chunks and vectors in the stores; accounts and sources are forgotten here too."""
