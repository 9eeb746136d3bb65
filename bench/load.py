"""Load test of ``handoff serve`` on 127.0.0.1: concurrent users mixing ask, search, gaps and note reads for a
bounded time, plus a few note drafts; prints a markdown table (throughput, p50/p95/p99 latency and errors per
operation).

    .venv/bin/python bench/load.py                 # 50 users, 60 s, 1 worker, SQLite + embedded Chroma
    .venv/bin/python bench/load.py --workers 2     # starts a Chroma server (several workers need one)
    .venv/bin/python bench/load.py --workers 2 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/load

It ingests examples/accounts into a temporary data dir (and the given database, whose tables it replaces), creates
an admin token, starts the server with the offline engine, warms every worker up, lets the users run --warmup
seconds unmeasured (the per-process caches fill: embedded sentences, gap reports), then measures --duration seconds.
Traffic goes to 127.0.0.1 only; the run stops by itself (and after --max-requests requests at most).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
# bench/ingest.py would shadow the project's ingest package; the repository root makes bench.postgres importable
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.evals.golden import load_truths  # noqa: E402
from assistant.account.ingest import ingest_path  # noqa: E402
from assistant.access.users import add_user, assign, create_token  # noqa: E402
from bench.postgres import reset_database  # noqa: E402

EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent
MIX = {"ask": 40, "search": 30, "gaps": 15, "note": 15}  # weights of what a user does next


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # ms, successful requests
    errors: dict[str, int] = field(default_factory=dict)  # reason -> count

    def error(self, reason: str) -> None:
        self.errors[reason] = self.errors.get(reason, 0) + 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with code {process.returncode}")
        try:
            if httpx2.get(url, timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{what} was not ready within {timeout:.0f} s")


def seed(settings: Settings, dataset: Path = EXAMPLES) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """Ingest a golden-format dataset's accounts (the examples by default) and draft their notes; returns a token,
    (account, question) pairs and as-of dates."""
    from assistant.pack.assemble import build_pack

    context = Context(settings)
    ingest_path(context, dataset / "accounts")
    truths = load_truths(dataset)
    for truth in truths:
        build_pack(context, truth.account_id, truth.as_of)
    add_user(context, "Load Tester", "admin")
    for truth in truths:
        assign(context, "Load Tester", truth.account_id)
    token = create_token(context, "Load Tester").token
    context.close()
    questions = [(t.account_id, q.question) for t in truths for q in t.questions]
    return token, questions, {t.account_id: t.as_of.isoformat() for t in truths}


class Load:
    def __init__(self, client: httpx2.AsyncClient, questions, as_of: dict[str, str], measure_from: float = 0.0) -> None:
        self.client, self.questions, self.as_of = client, questions, as_of
        self.measure_from = measure_from  # time.perf_counter() value: requests started earlier are warm-up
        self.samples = {op: Sample() for op in [*MIX, "note draft (job)"]}
        self.discarded = Sample()

    async def request(self, op: str, rng: random.Random) -> None:
        account, question = rng.choice(self.questions)
        base = f"/api/accounts/{account}"
        start = time.perf_counter()
        sample = self.samples[op] if start >= self.measure_from else self.discarded
        try:
            if op == "ask":
                response = await self.client.post(f"{base}/ask", json={"question": question})
            elif op == "search":
                response = await self.client.get(f"{base}/search", params={"q": question, "k": 8})
            elif op == "gaps":
                response = await self.client.get(f"{base}/gaps", params={"as_of": self.as_of[account]})
            else:
                response = await self.client.get(f"{base}/notes/latest", params={"format": "md"})
        except httpx2.HTTPError as exc:
            sample.error(type(exc).__name__)
            return
        if response.status_code == 200:
            sample.latencies.append((time.perf_counter() - start) * 1000)
        else:
            sample.error(f"HTTP {response.status_code}")

    async def draft_note(self, account: str) -> None:
        """POST a note draft and poll its job to the end: the heavy, rare operation, timed end to end."""
        sample, start = self.samples["note draft (job)"], time.perf_counter()
        try:
            body = {"as_of": self.as_of[account]}
            response = await self.client.post(f"/api/accounts/{account}/notes", json=body)
            job = response.json()
            while response.status_code in (200, 202) and job["status"] not in ("done", "failed"):
                await asyncio.sleep(0.5)
                response = await self.client.get(f"/api/jobs/{job['id']}")
                job = response.json()
        except httpx2.HTTPError as exc:
            sample.error(type(exc).__name__)
            return
        if response.status_code in (200, 202) and job["status"] == "done":
            sample.latencies.append((time.perf_counter() - start) * 1000)
        else:
            sample.error(f"HTTP {response.status_code}" if response.status_code >= 400 else f"job {job['status']}")

    async def user(self, seed_value: int, deadline: float, think: float, budget: list[int]) -> None:
        rng = random.Random(seed_value)
        ops, weights = list(MIX), list(MIX.values())
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            await self.request(rng.choices(ops, weights)[0], rng)
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def run_load(url: str, token: str, questions, as_of, args) -> tuple[Load, float]:
    limits = httpx2.Limits(max_connections=args.users + 4, max_keepalive_connections=args.users + 4)
    async with httpx2.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120,
                                 limits=limits) as client:
        warm = Load(client, questions, as_of)  # every worker loads the model and opens its stores
        rng = random.Random(0)
        await asyncio.gather(*(warm.request(op, rng) for op in MIX for _ in range(3 * args.workers)))
        # The users start at once; what they do during the first --warmup seconds (caches filling) is not measured.
        load = Load(client, questions, as_of, measure_from=time.perf_counter() + args.warmup)
        start = time.monotonic() + args.warmup
        deadline = start + args.duration
        budget = [args.max_requests]
        accounts = sorted(as_of)
        drafts = [asyncio.create_task(_later(args.warmup + args.duration * (i + 1) / (args.drafts + 1),
                                             load.draft_note(accounts[i % len(accounts)])))
                  for i in range(args.drafts)]
        await asyncio.gather(*(load.user(i, deadline, args.think, budget) for i in range(args.users)))
        elapsed = time.monotonic() - start
        await asyncio.gather(*drafts)
    return load, elapsed


async def _later(delay: float, work) -> None:
    await asyncio.sleep(delay)
    await work


def report(load: Load, elapsed: float, args, setup: str, load_before, load_after) -> str:
    lines = [
        f"{args.users} users, {args.duration:.0f} s measured after {args.warmup:.0f} s of warm-up "
        f"({len(load.discarded.latencies)} requests, {sum(load.discarded.errors.values())} errors, not in the table), "
        f"think time {args.think:g} s (uniform 0.5-1.5x), "
        f"{args.workers} API worker(s), {setup}; offline engine; {os.cpu_count()} cores; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)",
        "",
        "| operation | requests | errors | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    total_ok = total_errors = 0
    for op, sample in load.samples.items():
        values, errors = sample.latencies, sum(sample.errors.values())
        total_ok, total_errors = total_ok + len(values), total_errors + errors
        reasons = f" ({', '.join(f'{k}: {v}' for k, v in sample.errors.items())})" if errors else ""
        lines.append(
            f"| {op} | {len(values) + errors} | {errors}{reasons} | {len(values) / elapsed:.1f} | "
            f"{percentile(values, .5):.0f} | {percentile(values, .95):.0f} | {percentile(values, .99):.0f} | "
            f"{max(values, default=float('nan')):.0f} |"
        )
    lines.append(f"| **all** | {total_ok + total_errors} | {total_errors} | {total_ok / elapsed:.1f} | | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=20.0,
                        help="seconds of the same load before measuring (fills each worker's caches); 0 measures a "
                             "cold start")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a user waits between requests")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--drafts", type=int, default=2, help="note drafts (background jobs) during the run")
    parser.add_argument("--max-requests", type=int, default=50_000, help="hard cap on requests")
    parser.add_argument("--chroma-server", action="store_true", help="use a Chroma server even with one worker")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (its public schema is replaced)")
    parser.add_argument("--dataset", type=Path, default=EXAMPLES,
                        help="golden-format accounts and questions to load with, e.g. ../shared/eval/golden")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="handoff-load-"))
    processes: list[subprocess.Popen] = []
    try:
        chroma_url = ""
        if args.chroma_server or args.workers > 1:
            chroma_port = free_port()
            processes.append(subprocess.Popen(
                [str(BIN / "chroma"), "run", "--path", str(data_dir / "chroma-server"), "--host", "127.0.0.1",
                 "--port", str(chroma_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            chroma_url = f"http://127.0.0.1:{chroma_port}"
            wait_for(f"{chroma_url}/api/v2/heartbeat", processes[-1], "the Chroma server")
        if args.database_url:
            reset_database(args.database_url)
        print(f"seeding: ingesting {args.dataset}/accounts and drafting their notes ...", file=sys.stderr)
        token, questions, as_of = seed(Settings(data_dir=data_dir, chroma_url=chroma_url,
                                                database_url=args.database_url, engine="extractive"), args.dataset)
        port = free_port()
        environment = dict(os.environ, HANDOFF_CHROMA_URL=chroma_url, HANDOFF_DATABASE_URL=args.database_url,
                           HANDOFF_ENGINE="extractive")
        with open(data_dir / "serve.log", "w") as log:
            processes.append(subprocess.Popen(
                [str(BIN / "handoff"), "--data-dir", str(data_dir), "serve", "--port", str(port), "--workers",
                 str(args.workers)], env=environment, stdout=subprocess.DEVNULL, stderr=log))
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/readyz", processes[-1], "handoff serve")
        print(f"running {args.users} users for {args.duration:.0f} s against {url} ...", file=sys.stderr)
        load_before = os.getloadavg()
        load, elapsed = asyncio.run(run_load(url, token, questions, as_of, args))
        load_after = os.getloadavg()
        setup = (f"{'PostgreSQL' if args.database_url else 'SQLite'} + "
                 f"{'Chroma server' if chroma_url else 'embedded Chroma'}")
        print(report(load, elapsed, args, setup, load_before, load_after))
        log = (data_dir / "serve.log").read_text()
        for marker in ("database is locked", "Traceback", "died"):
            if marker in log:
                print(f"\nserver log contains {marker!r} ({log.count(marker)} times): see {data_dir}/serve.log")
                data_dir = None  # keep it for reading
                break
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
