"""Latency of ``ask`` with the offline engine over the golden questions, after warm-up, with and without the
embedding cache: without it, every round embeds every candidate sentence; with it, the first round is each question's
first asking (sentences seen by earlier questions are cached) and later rounds ask the same questions again.

    .venv/bin/python bench/ask.py [--dataset ../shared/eval/golden] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]  # bench/ingest.py shadows ingest

from assistant.chat.service import ask  # noqa: E402
from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.evals.golden import load_truths  # noqa: E402
from assistant.account.ingest import ingest_path  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "golden")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as data_dir:
        questions = []
        context = Context(Settings(data_dir=Path(data_dir)))
        for truth in load_truths(args.dataset):
            ingest_path(context, args.dataset / "accounts" / truth.account_id, truth.account_id)
            questions += [(truth.account_id, q.question) for q in truth.questions]
        context.close()
        for cache_entries in (0, Settings().embed_cache_entries):
            context = Context(Settings(data_dir=Path(data_dir), embed_cache_entries=cache_entries))
            for account_id in dict.fromkeys(a for a, _ in questions):  # warm-up: model, SQLite and Chroma caches
                ask(context, account_id, "Who is the main contact?")
            for round_number in range(1, args.rounds + 1):
                timings = []
                for account_id, question in questions:
                    start = time.perf_counter()
                    ask(context, account_id, question)
                    timings.append((time.perf_counter() - start) * 1000)
                cache = f"{cache_entries:,} entries" if cache_entries else "off"
                rows.append(f"| {cache} | {round_number} | {len(questions)} | {statistics.median(timings):.0f} | "
                            f"{percentile(timings, .95):.0f} | {percentile(timings, .99):.0f} | {max(timings):.0f} |")
            context.close()
    print("| embedding cache | round | questions | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
