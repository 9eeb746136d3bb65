"""The incoming CSM's questions over an account's history: cited answers, honest abstention, threads, streaming."""
