"""Prompt tokens per note and evidence recall of the LLM path, on a golden account and on the same account padded
to ``--factor`` times its history with synthetic material (``bench/synthetic.py``), through the recording LLM
server (no model, no network).

    .venv/bin/python bench/prompt_budget.py [--dataset ../shared/eval/golden] [--account NAME] [--factor 10]
        [--keep DIR] [--data-dir DIR]

The account defaults to the dataset's largest (bytes of history). The padded copy keeps the account's answer key,
so its facts and questions are looked for among ten times the material. ``--keep DIR`` leaves the two-account
dataset there, for ``handoff eval golden DIR --engine openai`` with another checkout (a before/after comparison).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ingest.py would shadow the ``ingest`` package: this folder off the path, the repository on it
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from assistant.chat.service import ask  # noqa: E402
from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.evals.evidence_recall import evidence_report  # noqa: E402
from assistant.evals.golden import Truth, evaluate_golden, load_truths  # noqa: E402
from assistant.evals.golden_engines import golden_engines  # noqa: E402
from assistant.pack.assemble import build_pack  # noqa: E402
from assistant.store.documents import load_chunks  # noqa: E402
from bench.synthetic import pad_account  # noqa: E402


def padded_dataset(dataset: Path, account: str, factor: float, out: Path) -> list[str]:
    """``out`` as a golden dataset of the account and its padded copy (slug ``<account>-x<factor>``)."""
    truth = Truth.model_validate_json((dataset / "truth" / f"{account}.json").read_text())
    padded = f"{account}-x{factor:g}"
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for slug in (account, padded):
        target = out / "accounts" / slug
        if not target.exists():
            shutil.copytree(dataset / "accounts" / account, target)
            if slug == padded:
                pad_account(target, factor)
        copy = truth.model_copy(update={"account_id": slug})
        (out / "truth" / f"{slug}.json").write_text(copy.model_dump_json(indent=2))
    return [account, padded]


def _largest(dataset: Path) -> str:
    sizes = {p.name: sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
             for p in (dataset / "accounts").iterdir() if p.is_dir()}
    return max(sizes, key=sizes.get)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "golden")
    parser.add_argument("--account", default=None)
    parser.add_argument("--factor", type=float, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="write the padded dataset here and keep it")
    parser.add_argument("--data-dir", type=Path, default=None, help="a data dir to ingest into and keep")
    parser.add_argument("--skip-questions", action="store_true")
    args = parser.parse_args()
    account = args.account or _largest(args.dataset)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch) / "dataset"
        padded_dataset(args.dataset, account, args.factor, folder)
        context = Context(Settings(data_dir=args.data_dir or Path(scratch) / "data"))
        with golden_engines(context, "openai") as engines:
            def pack(ctx, account_id, as_of):
                note = build_pack(ctx, account_id, as_of, engine=engines.for_account(account_id)).note
                return note, [], []

            def answer(ctx, account_id, question, as_of):
                return ask(ctx, account_id, question, as_of=as_of, engine=engines.for_account(account_id))

            evaluate_golden(context, folder, pack, None if args.skip_questions else answer)
            report = evidence_report("openai", load_truths(folder), engines.capture.records())
        print("| account | files | chunks | prompt tokens per note | calls | largest prompt | facts in evidence "
              "| questions in evidence |")
        print("|---|---|---|---|---|---|---|---|")
        for a in report.accounts:
            files = sum(1 for f in (folder / "accounts" / a.account_id).rglob("*") if f.is_file())
            chunks = len(load_chunks(context, a.account_id))
            questions = "-" if a.question_recall is None else \
                f"{a.question_recall:.3f} ({a.questions_in_evidence}/{a.questions})"
            facts = f"{a.fact_recall:.3f} ({a.facts_in_evidence}/{a.facts})"
            print(f"| {a.account_id} | {files} | {chunks:,} | {a.note_tokens:,} | {a.note_calls} | "
                  f"{a.largest_note_prompt:,} | {facts} | {questions} |")
        context.close()


if __name__ == "__main__":
    main()
