"""Note generation cost: wall time per note with the offline engine, and prompt tokens per note for the OpenAI
engine (counted by the project's fake OpenAI-compatible server, so no model and no network are involved).

    .venv/bin/python bench/note.py [--dataset ../shared/eval/golden] [--account pebblepay] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ingest.py would shadow the ``ingest`` package: take this folder off the path, put the tests' fakes on it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.openai_server import FakeOpenAIServer, FakeReply  # noqa: E402

from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.engines.openai_engine import OpenAIEngine  # noqa: E402
from assistant.evals.golden import load_truths  # noqa: E402
from assistant.account.ingest import ingest_path  # noqa: E402
from assistant.pack.assemble import build_pack  # noqa: E402


def _cite_first_document(body: dict) -> FakeReply:
    if '"stated"' in body["messages"][0]["content"]:  # the success-criteria judgement
        return FakeReply.json({"stated": True, "citations": ["E1"]})
    prompt = body["messages"][-1]["content"]
    ref = prompt.split('<document id="', 1)[1].split('"', 1)[0] if '<document id="' in prompt else "E1"
    return FakeReply.json({"statements": [{"text": "A statement.", "provenance": "data", "citations": [ref]}]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "golden")
    parser.add_argument("--account", default=None, help="default: every account of the dataset")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    truths = [t for t in load_truths(args.dataset) if args.account in (None, t.account_id)]
    rows = []
    with tempfile.TemporaryDirectory() as data_dir, FakeOpenAIServer(default=_cite_first_document) as server:
        context = Context(Settings(data_dir=Path(data_dir)))
        for truth in truths:
            ingest_path(context, args.dataset / "accounts" / truth.account_id, truth.account_id)
            build_pack(context, truth.account_id, truth.as_of)  # warm-up: model load, caches
            seconds = []
            for _ in range(args.runs):
                start = time.perf_counter()
                build_pack(context, truth.account_id, truth.as_of)
                seconds.append(time.perf_counter() - start)
            engine = OpenAIEngine(Settings(llm_base_url=server.base_url, llm_api_key="bench", llm_model="bench"))
            before = len(server.prompt_tokens)
            build_pack(context, truth.account_id, truth.as_of, engine=engine)
            tokens = server.prompt_tokens[before:]
            rows.append((truth.account_id, statistics.median(seconds), sum(tokens), len(tokens), max(tokens)))
    print("| account | offline pack (note + gaps + debrief), median s | OpenAI prompt tokens per note | "
          "engine calls | largest prompt (tokens) |")
    print("|---|---|---|---|---|")
    for account, secs, tokens, calls, largest in rows:
        print(f"| {account} | {secs:.2f} | {tokens:,} | {calls} | {largest:,} |")


if __name__ == "__main__":
    main()
