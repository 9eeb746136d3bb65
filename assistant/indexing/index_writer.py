"""The write side of ingest: changed sources are chunked, embedded in batches and written to both indexes.

Three stages overlap, so the model is not left waiting: the caller's thread parses and chunks; one worker thread
embeds a batch (its chunks, and their sentences as the offline answerer will read them: ``sentence_vectors``) while
the caller prepares the next; another writes the previous batch (SQL rows, Chroma vectors). Each batch is written in
the order that keeps a crash harmless: chunk rows and their sentence vectors with their sources marked "pending",
then the vectors, then the sources marked "ready", then the files they came from. Batches are written one after
another, in the order they were made, so a file is recorded only after every batch holding its sources.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from typing import Protocol

from assistant.platform.context import Context
from assistant.platform.ids import content_hash, source_id
from assistant.indexing.redaction import redact_document
from assistant.grounding.safety import without_planted_person_fields
from assistant.indexing.sentence_vectors import ChunkSentences
from assistant.store import registry
from assistant.store import sentence_vectors as sentence_store
from ingest.chunking import Chunk, chunk_document
from ingest.document import Document, SourceType

_BATCHES_AHEAD = 2  # batches made but not yet embedded; the caller waits beyond that (bounds memory)


class Tally(Protocol):
    """The counts of an account's ingest report that the writer keeps."""

    documents: int  # sources new or changed, written
    chunks: int  # chunks written
    unchanged: int  # sources skipped because an identical version is indexed
    duplicates: int  # documents already added under another file


@dataclass
class _Source:
    source_id: str
    document: Document
    digest: str
    chunks: list[Chunk]
    report: Tally


@dataclass
class _Batch:
    sources: list[_Source] = field(default_factory=list)
    files: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (account, path, hash, source ids)
    sentence_rows: list[dict] = field(default_factory=list)  # the chunks' sentence vectors, once embedded

    @property
    def chunks(self) -> list[Chunk]:
        return [chunk for source in self.sources for chunk in source.chunks]


class BatchWriter:
    """Use as a context manager; leaving it waits until everything added is written (or raises the first error)."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self._batch = _Batch()
        self._seen: set[str] = set()
        self._ready: dict[str, dict[str, str]] = {}  # account -> {source id: content hash} of ready sources
        self._embedding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-embed")
        self._writing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write")
        self._in_flight: list[Future] = []  # one per batch: embedding it, then the Future of writing it
        self._failed = False

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.drain()
        finally:
            self._embedding.shutdown(wait=True, cancel_futures=True)
            self._writing.shutdown(wait=True, cancel_futures=True)

    def add(self, document: Document, report: Tally) -> str:
        """Queue a document for indexing unless an identical version is already indexed; returns its source id."""
        sid = source_id(document.account_id, document.identity)
        if sid in self._seen:
            report.duplicates += 1
            return sid
        self._seen.add(sid)
        document = without_planted_person_fields(document)
        if self._context.settings.redact_identifiers:  # before anything is hashed, stored or embedded
            document = redact_document(document)
        digest = content_hash(document.model_dump_json(exclude={"source_path"}))
        if self._ready_digests(document.account_id).get(sid) == digest:
            report.unchanged += 1
            return sid
        settings = self._context.settings
        chunks = chunk_document(
            document, sid, settings.chunk_chars, settings.chunk_overlap_chars, settings.transcript_chunk_chars
        )
        self._batch.sources.append(_Source(sid, document, digest, chunks, report))
        if sum(len(s.chunks) for s in self._batch.sources) >= settings.ingest_batch_chunks:
            self.flush()
        return sid

    def add_file(self, account_id: str, path: str, file_hash: str, source_ids: list[str]) -> None:
        """Record the file once its sources are written, so a crash before then re-reads the file."""
        self._batch.files.append((account_id, path, file_hash, source_ids))

    def flush(self) -> None:
        """Hand the current batch to the embedding stage (waiting while too many are ahead of it)."""
        self._raise_failures()
        batch, self._batch = self._batch, _Batch()
        if not batch.sources and not batch.files:
            return
        while sum(not f.done() for f in self._in_flight) >= _BATCHES_AHEAD:
            next(f for f in self._in_flight if not f.done()).exception()  # wait for the oldest
        self._in_flight.append(self._embedding.submit(self._embed_then_write, batch))

    def drain(self) -> None:
        """Write everything added so far and wait for it; raises the first error of a stage."""
        self.flush()
        for future in self._in_flight:
            future.result().result()
        self._in_flight.clear()

    def _ready_digests(self, account_id: str) -> dict[str, str]:
        if account_id not in self._ready:
            with self._context.db.session() as session:
                self._ready[account_id] = registry.ready_digests(session, account_id)
        return self._ready[account_id]

    def _raise_failures(self) -> None:
        for future in [f for f in self._in_flight if f.done()]:
            writing = future.result()  # raises what went wrong while embedding
            if writing.done():
                writing.result()  # ... or while writing
                self._in_flight.remove(future)

    def _embed_then_write(self, batch: _Batch) -> Future:
        vectors = self._stage(lambda: self._embed(batch))
        return self._writing.submit(self._stage, lambda: self._write(batch, vectors))

    def _embed(self, batch: _Batch) -> np.ndarray:
        """The chunks' vectors; their sentences' go to ``batch.sentence_rows`` (one model call for both)."""
        chunks, embedder = batch.chunks, self._context.embedder
        sentences = ChunkSentences.of([(c.chunk_id, c.account_id, c.text) for c in chunks])
        vectors = embedder.embed([*(c.content for c in chunks), *sentences.texts])
        batch.sentence_rows = sentences.rows(embedder.model_id, vectors[len(chunks):])
        return vectors[: len(chunks)]

    def _stage(self, work):
        """Run one stage's work, unless an earlier one failed (its sources stay pending, and so do these)."""
        if self._failed:
            raise RuntimeError("ingest stopped: an earlier batch could not be indexed")
        try:
            return work()
        except BaseException:
            self._failed = True
            raise

    def _write(self, batch: _Batch, vectors: np.ndarray) -> None:
        stale: dict[str, list[str]] = defaultdict(list)
        if batch.sources:
            with self._context.db.session() as session:
                interrupted = registry.pending_source_ids(session, [s.source_id for s in batch.sources])
                old = registry.write_sources_pending(
                    session, [(s.source_id, s.document, s.digest, s.chunks) for s in batch.sources],
                    sentence_model=self._context.embedder.model_id,
                )
                sentence_store.write(session, batch.sentence_rows)
                for source in batch.sources:
                    stale[source.document.account_id] += old[source.source_id]
                for account_id in {s.document.account_id for s in batch.sources
                                   if s.document.source_type is SourceType.CRM}:
                    registry.refresh_account_record(session, account_id)
            chunks = batch.chunks
            for account_id in dict.fromkeys(c.account_id for c in chunks) | dict.fromkeys(stale):
                rows = [i for i, c in enumerate(chunks) if c.account_id == account_id]
                self._context.vectors.upsert(account_id, [chunks[i] for i in rows], vectors[rows])
                if interrupted:  # a crash after the chunk rows changed may have left vectors the rows no longer name
                    written = {chunks[i].chunk_id for i in rows} | set(stale[account_id])
                    left = self._context.vectors.source_chunk_ids(account_id, interrupted) - written
                    stale[account_id] += sorted(left)
                self._context.vectors.delete(account_id, stale[account_id])
        with self._context.db.session() as session:
            registry.mark_ready(session, [source.source_id for source in batch.sources])
            for account_id, path, file_hash, source_ids in batch.files:
                registry.record_file(session, account_id, path, file_hash, source_ids)
        for source in batch.sources:
            source.report.documents += 1
            source.report.chunks += len(source.chunks)

