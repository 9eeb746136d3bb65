"""What one note has said so far, so a later section does not repeat an earlier one (kept on the ``NoteInProgress``
its sections' requests share); and how well a sentence fits each section of the default template."""

from __future__ import annotations

import re

import numpy as np

from assistant.indexing.embeddings import Embedder
from assistant.engines.extractive.note_features import term_spread
from assistant.engines.extractive.topics import cue_score
from ingest.document import Document

NEAR_COPY = 0.9


class NoteMemory:
    def __init__(self) -> None:
        self.sections: set[str] = set()
        self._texts: set[str] = set()
        self._vectors: list[np.ndarray] = []
        self._profiles: dict[str, np.ndarray] = {}
        self._said: list[np.ndarray] = []
        self._spread: tuple[frozenset[str], dict[str, int]] | None = None

    def start_section(self, key: str) -> None:
        """Record that ``key`` is being drafted."""
        self.sections.add(key)

    def remember(self, text: str) -> None:
        self._texts.add(_norm(text))

    def used_text(self, text: str) -> bool:
        norm = _norm(text)
        return any(norm == used or (len(norm) > 30 and norm in used) for used in self._texts)

    def remember_vector(self, vector: np.ndarray) -> None:
        self._vectors.append(vector)

    def say(self, vectors: np.ndarray) -> None:
        """Note statements made without a vector check (the CRM's, the structured ones)."""
        self._said.extend(vectors)

    def said(self) -> np.ndarray:
        """Vectors of what the note says so far: those statements and every picked sentence."""
        said = [*self._said, *self._vectors]
        return np.vstack(said) if said else np.zeros((0, 1), dtype=np.float32)

    def spread(self, documents: dict[str, Document]) -> dict[str, int]:
        """How many of the documents use each name, acronym or code; worked out once per set of documents."""
        ids = frozenset(documents)
        if self._spread is None or self._spread[0] != ids:
            self._spread = (ids, term_spread([d.body for d in documents.values()]))
        return self._spread[1]

    @property
    def profiles(self) -> dict[str, np.ndarray]:
        return self._profiles

    def near_copy(self, vector: np.ndarray) -> bool:
        return any(float(vector @ v) > NEAR_COPY for v in self._vectors)

    def ensure_profiles(self, embedder: Embedder, profiles: dict[str, str]) -> None:
        if not self._profiles:
            keys = list(profiles)
            vectors = embedder.embed([profiles[k] for k in keys])
            self._profiles = dict(zip(keys, vectors))

    def fits(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """How well the sentence fits each known section: closeness to its profile plus its cue words."""
        return {key: float(vector @ profile) + cue_score(key, text) for key, profile in self._profiles.items()}


def _norm(text: str) -> str:
    text = re.sub(r"^\d{4}-\d{2}-\d{2}:\s*", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
