"""The embedding model's files: installed with the packages, pinned by sha256, the tokenizer with its licence."""

from __future__ import annotations

import hashlib

import pytest

from assistant.indexing import embeddings
from assistant.platform.errors import ConfigError


def test_the_tokenizer_ships_with_handoff_and_matches_its_pinned_sha256():
    _, tokenizer = embeddings._minilm_files()

    assert tokenizer.parent.name == "all-MiniLM-L6-v2" and tokenizer.parent.parent.name == "embeddings_data"
    assert hashlib.sha256(tokenizer.read_bytes()).hexdigest() == embeddings._TOKENIZER_SHA256


def test_the_tokenizer_carries_its_apache_licence_and_a_notice_of_where_it_comes_from():
    _, tokenizer = embeddings._minilm_files()

    assert "Apache License" in (tokenizer.parent / "LICENSE").read_text()
    notice = (tokenizer.parent / "NOTICE").read_text()
    assert "sentence-transformers/all-MiniLM-L6-v2" in notice and embeddings._TOKENIZER_SHA256 in notice


def test_a_file_that_does_not_match_its_pinned_sha256_is_refused(tmp_path):
    changed = tmp_path / "tokenizer.json"
    changed.write_text("{}")

    with pytest.raises(ConfigError, match="does not match the pinned sha256; reinstall handoff"):
        embeddings._verified(changed, embeddings._TOKENIZER_SHA256, "handoff")
