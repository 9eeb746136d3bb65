"""Test doubles that speak real protocols over loopback (see ``openai_server``)."""
