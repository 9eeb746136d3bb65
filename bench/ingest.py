"""Ingest and search benchmark on a synthetic corpus (run by hand: ``python bench/ingest.py [--quick]``).

Measures, in one process:
1. the ingest pipeline (``ingest_path``) over a generated corpus in the golden layout: wall time, documents and
   chunks per second, peak RSS (which includes the loaded model and Chroma);
2. the raw embedding model on the very same chunk texts, right after, so the pipeline's overhead shows as a ratio
   (target: the pipeline keeps >= 80% of the model's throughput);
3. search latency (p50/p95/p99) with a large account in the store (100k chunks by default) among 19 small ones,
   in each mode, with and without a source-type + date filter (target: hybrid p95 <= 50 ms). The store is filled
   directly (SQL rows + vectors made from ~2,000 real embeddings plus noise), not through the pipeline.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime, time as clock, timezone
from pathlib import Path

if not __package__:  # run as a script: this folder would shadow the project's `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import numpy as np  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.account.ingest import ingest_path  # noqa: E402
from assistant.grounding.retrieval import search  # noqa: E402
from assistant.store import registry  # noqa: E402
from assistant.store.filters import ChunkFilter, day_number  # noqa: E402
from assistant.store.keyword import account_key  # noqa: E402
from assistant.store.keyword_terms import index_terms  # noqa: E402
from assistant.store.tables import ChunkRow, SourceRow  # noqa: E402
from bench.postgres import reset_database  # noqa: E402
from bench.synthetic import Account, chunk_texts, queries, write_corpus  # noqa: E402
from ingest.chunking import Chunk  # noqa: E402
from ingest.document import SourceType  # noqa: E402

BATCH = Settings().ingest_batch_chunks  # chunks per embedding call in the pipeline
CHUNKS_PER_SOURCE = 4
SOURCE_TYPES = [SourceType.MEETING, SourceType.EMAIL, SourceType.EMAIL, SourceType.TICKET]
FILTER = ChunkFilter(
    source_types=[SourceType.EMAIL, SourceType.MEETING], date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
)
Rows = list[tuple[str, str]]  # (metric, value) lines of the results table


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---- ingest pipeline and raw model ----------------------------------------------------------------------------


def bench_ingest(work: Path, accounts: int, docs: int, seed: int) -> Rows:
    corpus = work / "corpus"
    files = write_corpus(corpus, accounts, docs, seed)
    log(f"corpus: {files} files for {accounts} accounts under {corpus}")
    context = Context(Settings(data_dir=work / "ingest-data"))
    started = time.perf_counter()
    context.embedder.embed(["load the model before timing"])
    load_s = time.perf_counter() - started
    log(f"model loaded in {load_s:.1f} s; ingesting")

    cpu, started = cpu_seconds(), time.perf_counter()
    report = ingest_path(context, corpus)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    documents = sum(a.documents for a in report.accounts)
    chunks = sum(a.chunks for a in report.accounts)
    log(f"ingest: {documents} documents, {chunks} chunks in {wall:.1f} s ({report.failed} failures)")

    model = bench_model(context)
    pipeline_rate = chunks / wall
    return [
        ("Corpus", f"{accounts} accounts x {docs} docs, {files} files (seed {seed})"),
        ("Model load (not in ingest time)", f"{load_s:.2f} s"),
        ("Ingest wall time", f"{wall:.1f} s (process CPU {cpu:.1f} s)"),
        ("Documents / chunks", f"{documents} / {chunks} ({report.failed} failed files)"),
        ("Pipeline throughput", f"{documents / wall:.1f} docs/s, {pipeline_rate:.1f} chunks/s"),
        ("Peak RSS after ingest (includes model + Chroma)", f"{rss_mb:.0f} MB"),
        *model.rows(pipeline_rate),
    ]


class ModelResult:
    def __init__(self, chunks: int, one_call_s: float, cpu_s: float, batched_s: float, tokens: list[int]) -> None:
        self.chunks, self.one_call_s, self.cpu_s, self.batched_s = chunks, one_call_s, cpu_s, batched_s
        self.tokens = tokens

    def rows(self, pipeline_rate: float) -> Rows:
        one_call, batched = self.chunks / self.one_call_s, self.chunks / self.batched_s
        return [
            ("Raw model, all chunks in one call", f"{one_call:.1f} chunks/s ({self.one_call_s:.1f} s, process CPU {self.cpu_s:.1f} s)"),
            (f"Raw model, {BATCH}-chunk calls (as the pipeline)", f"{batched:.1f} chunks/s"),
            ("Pipeline / raw model (one call)", f"{pipeline_rate / one_call:.0%} (target >= 80%)"),
            ("Tokens per chunk (mean / p95 / max)",
             f"{np.mean(self.tokens):.0f} / {np.percentile(self.tokens, 95):.0f} / {max(self.tokens)}"),
        ]  # fmt: skip


def bench_model(context: Context) -> ModelResult:
    """Time the embedder alone on the chunk contents the pipeline just embedded."""
    with context.db.session() as session:
        contents = [f"{h}\n{t}" for h, t in session.execute(text("SELECT header, text FROM chunks ORDER BY id"))]
    embedder = context.embedder
    log(f"raw model: embedding {len(contents)} chunks in one call")
    cpu, started = cpu_seconds(), time.perf_counter()
    embedder.embed(contents)
    one_call, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    log(f"raw model: again in {BATCH}-chunk calls")
    started = time.perf_counter()
    for start in range(0, len(contents), BATCH):
        embedder.embed(contents[start : start + BATCH])
    batched = time.perf_counter() - started
    tokens = [len(e.ids) for e in embedder._tokenizer.encode_batch(contents)]  # truncated, with [CLS]/[SEP]
    return ModelResult(len(contents), one_call, cpu, batched, tokens)


# ---- search latency --------------------------------------------------------------------------------------------


def bench_search(work: Path, n_chunks: int, small_chunks: int, distinct: int, n_queries: int, seed: int,
                 database_url: str = "") -> Rows:
    if database_url:
        reset_database(database_url)
    context = Context(Settings(data_dir=work / "search-data", database_url=database_url))
    started = time.perf_counter()
    large = Account(0, seed + 1)
    base = _base_vectors(context, large, distinct)
    rng = np.random.default_rng(seed)
    fill_account(context, large, n_chunks, base, rng)
    for index in range(1, 20):
        fill_account(context, Account(index, seed + 1), small_chunks, base, rng)
    if database_url:  # what autovacuum does soon after a bulk load; without statistics the planner scans the account
        with context.db.session() as session:
            session.execute(text("ANALYZE chunks"))
    build_s = time.perf_counter() - started
    log(f"search store built in {build_s:.0f} s")

    asked = queries(large, n_queries)
    store = "PostgreSQL" if database_url else "SQLite"
    rows: Rows = [("Search store", f"{n_chunks:,} chunks in one account + 19 x {small_chunks:,} ({store}); built in "
                   f"{build_s:.0f} s ({distinct:,} embedded texts + noise)")]  # fmt: skip
    rows.append(("Query embedding alone", _latency(lambda q: context.embedder.embed([q]), asked)))
    for where, label in ((None, ""), (FILTER, ", filtered (email+meeting, 2025)")):
        for mode in ("hybrid", "dense", "keyword"):
            run = lambda q: search(context, large.slug, q, k=8, where=where, mode=mode)  # noqa: E731
            log(f"search: {mode}{label}")
            rows.append((f"Search {mode}{label}", _latency(run, asked)))
    return rows


def _base_vectors(context: Context, account: Account, count: int) -> np.ndarray:
    log(f"embedding {count} distinct chunk texts for the search store")
    return context.embedder.embed(chunk_texts(account, count))


def fill_account(context: Context, account: Account, count: int, base: np.ndarray, rng: np.random.Generator) -> None:
    """``count`` chunks for ``account``: SQL rows (the FTS index follows by trigger) and noisy copies of ``base``."""
    chunks = _chunks(account, chunk_texts(account, count))
    vectors = base[rng.integers(0, len(base), len(chunks))] + rng.normal(0, 0.025, (len(chunks), base.shape[1]))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    with context.db.session() as session:
        registry.ensure_account(session, account.slug)
        session.execute(insert(SourceRow), _source_rows(chunks))
        session.execute(insert(ChunkRow), [_chunk_row(c) for c in chunks])
    for start in range(0, len(chunks), 10_000):
        context.vectors.upsert(account.slug, chunks[start : start + 10_000], vectors[start : start + 10_000])
        log(f"  {account.slug}: {min(start + 10_000, len(chunks)):,} / {len(chunks):,} chunks stored")


def _chunks(account: Account, texts: list[str]) -> list[Chunk]:
    chunks = []
    for i, body in enumerate(texts):
        number, position = divmod(i, CHUNKS_PER_SOURCE)
        source_type = SOURCE_TYPES[number % len(SOURCE_TYPES)]
        if position == 0:
            when = datetime.combine(account.day(), clock(12), timezone.utc)
            title = f"{source_type.value.capitalize()} {number}"
            author = account.rng.choice(account.contacts)["name"]
        chunks.append(Chunk(
            chunk_id=f"{account.slug}-{number}:{position}", source_id=f"{account.slug}-{number}",
            account_id=account.slug, position=position, source_type=source_type,
            source_path=f"{source_type.value}s/{number}.txt", title=title, date=when, author=author,
            header=f"{title} | {when:%Y-%m-%d} | {author}", text=body,
        ))  # fmt: skip
    return chunks


def _source_rows(chunks: list[Chunk]) -> list[dict]:
    now = registry.now()
    return [
        {"id": c.source_id, "account_id": c.account_id, "identity": c.source_path, "source_type": c.source_type.value,
         "path": c.source_path, "title": c.title, "doc_date": c.date, "content_hash": c.source_id, "document": {},
         "chunk_count": CHUNKS_PER_SOURCE, "status": "ready", "ingested_at": now}
        for c in chunks
        if c.position == 0
    ]  # fmt: skip


def _chunk_row(chunk: Chunk) -> dict:
    row = chunk.model_dump(include=set(ChunkRow.__table__.columns.keys()) - {"id", "day"})
    return {**row, "id": chunk.chunk_id, "source_type": chunk.source_type.value, "day": day_number(chunk.date),
            "account_key": account_key(chunk.account_id),
            "keyword_terms": index_terms(chunk.content, chunk.date.date() if chunk.date else None)}


def _latency(run, asked: list[str], warmup: int = 5) -> str:
    for query in asked[:warmup]:
        run(query)
    times = []
    for query in asked:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    return f"p50 {p50:.1f} / p95 {p95:.1f} / p99 {p99:.1f} ms"


# ---- report ----------------------------------------------------------------------------------------------------


def table(rows: Rows, args: argparse.Namespace) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"### bench/ingest.py, {time.strftime('%Y-%m-%d %H:%M')}{' (--quick)' if args.quick else ''}"
        f"{' (--search-only)' if args.search_only else ''}",
        "",
        f"{os.cpu_count()} CPUs, load average at the end {load}; embed_threads=2, embed_batch_size=32.",
        "",
        "| Measure | Value |",
        "|---|---|",
        *(f"| {metric} | {value} |" for metric, value in rows),
    ]
    return "\n".join(lines) + "\n"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--docs", type=int, default=50, help="documents per account (besides crm.json)")
    parser.add_argument("--search-chunks", type=int, default=100_000, help="chunks in the large account")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 accounts x 20 docs, 10k search chunks, 50 queries")
    parser.add_argument("--search-only", action="store_true", help="skip the ingest and raw-model half")
    parser.add_argument("--ingest-only", action="store_true", help="skip the search half")
    parser.add_argument("--database-url", default="",
                        help="build the search store in this PostgreSQL database (its public schema is replaced)")
    parser.add_argument("--out", type=Path, help="append the results table to this Markdown file")
    args = parser.parse_args()
    if args.quick:
        args.accounts, args.docs, args.search_chunks, args.queries = 3, 20, 10_000, 50
    return args


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="handoff-bench-") as tmp:
        work = Path(tmp)
        rows = [] if args.search_only else bench_ingest(work, args.accounts, args.docs, args.seed)
        small = max(100, args.search_chunks // 200)
        distinct = min(2_000, args.search_chunks // 5)
        if not args.ingest_only:
            rows += bench_search(work, args.search_chunks, small, distinct, args.queries, args.seed,
                                 args.database_url)
    result = table(rows, args)
    print(result)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + result)
        log(f"appended to {args.out}")


if __name__ == "__main__":
    main()
