"""Handoffs: an account's transitions from its outgoing to its incoming CSM, opened by the ingest that sees one."""
