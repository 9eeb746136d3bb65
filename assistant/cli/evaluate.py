"""``handoff eval ...``: quality measurements on evaluation data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.app import app, console, open_context
from assistant.evals.retrieval import evaluate_retrieval

eval_app = typer.Typer(no_args_is_help=True, help="measure quality on evaluation data")
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def retrieval(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="a QMSum folder, e.g. ../shared/eval/public/qmsum/dev")],
    budget: Annotated[int, typer.Option("--budget", help="context budget in characters")] = 4000,
    out: Annotated[Path | None, typer.Option("--out", help="also write the scores as JSON")] = None,
) -> None:
    """Retrieval recall, MRR and gold-turn coverage on QMSum, hybrid vs dense vs keyword."""
    with open_context(ctx) as context:
        scores = evaluate_retrieval(context, folder, budget)
    table = Table("method", "queries", "hit@1", "hit@5", "hit@10", "MRR", f"hit@{budget}ch", f"gold cov@{budget}ch")
    for s in scores:
        table.add_row(
            s.method, str(s.queries), *(f"{v:.3f}" for v in (s.hit_at_1, s.hit_at_5, s.hit_at_10, s.mrr, s.budget_hit,
                                                              s.budget_gold_coverage))
        )
    console.print(table)
    if out:
        out.write_text(json.dumps([s.model_dump() for s in scores], indent=2))
