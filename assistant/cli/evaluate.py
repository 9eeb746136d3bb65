"""``handoff eval ...``: quality measurements on evaluation data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.app import app, console, open_context
from assistant.cli.evidence_table import print_evidence
from assistant.chat.service import ask
from assistant.emails.service import draft_email
from assistant.evals.emails_eval import crm_of, score_intro
from assistant.models import TransitionNote
from assistant.engines.extractive.answer_model import MODEL_FILE
from assistant.engines.extractive.note_model import MODEL_FILE as NOTE_MODEL_FILE
from assistant.evals.evidence_recall import evidence_report
from assistant.evals.fit_answers import collect_cases, figures, fit, leave_one_account_out, summary
from assistant.evals import fit_notes
from assistant.evals.debrief_loop import debrief_loop
from assistant.evals.golden import evaluate_golden, load_truths, report_json
from assistant.evals.golden_engines import GoldenEngines, golden_engines
from assistant.evals.qmsum_answers import evaluate_qmsum_answers
from assistant.evals.retrieval import evaluate_retrieval
from assistant.pack.assemble import build_pack
from assistant.notes.render import render_markdown
from assistant.pack.render import debrief_markdown, gaps_markdown

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


class _GoldenCalls:
    """What ``evaluate_golden`` calls for each account, all through the chosen engine."""

    def __init__(self, engines: GoldenEngines) -> None:
        self.engines = engines

    def answer(self, context, account_id, question, as_of):
        return ask(context, account_id, question, as_of=as_of, engine=self.engines.for_account(account_id))

    def intro(self, context, truth, account_folder):
        draft = draft_email(context, truth.account_id, "intro", truth.as_of,
                            engine=self.engines.for_account(truth.account_id))
        scores = score_intro(truth, draft, crm_of(account_folder))
        return {**scores, "text": f"{draft.current.subject}\n{draft.current.body}"}

    def pack(self, context, account_id, as_of):
        result = build_pack(context, account_id, as_of, engine=self.engines.for_account(account_id))
        name = context.account_access(account_id).name
        outputs = [
            render_markdown(result.note, name),
            gaps_markdown(result.gaps, name, as_of.isoformat()),
            debrief_markdown(result.debrief, name),
        ]
        return result.note, result.gaps, outputs


def _no_pack(context, account_id, as_of):
    return TransitionNote(account_id=account_id, as_of=as_of, engine="none", model="none", sections=[]), [], []


@eval_app.command("golden")
def golden(
    ctx: typer.Context,
    dataset: Annotated[Path, typer.Argument(help="a golden dataset folder, e.g. ../shared/eval/golden")],
    out: Annotated[Path | None, typer.Option("--out", help="also write the scores as JSON")] = None,
    skip_questions: Annotated[bool, typer.Option("--skip-questions", help="score the pack only")] = False,
    skip_pack: Annotated[bool, typer.Option("--skip-pack", help="score the questions only")] = False,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="extractive, or openai: the OpenAI engine against a local server that records every "
        "prompt (no model: only evidence recall and prompt tokens are measured); default: as the settings "
        "say")] = None,
    evidence_out: Annotated[Path | None, typer.Option("--evidence-out",
                                                      help="also write evidence recall as JSON")] = None,
    prompts_out: Annotated[Path | None, typer.Option(
        "--prompts-out", help="also write what every engine call was given, one JSON object a line")] = None,
    accounts: Annotated[list[str] | None, typer.Option("--account", help="only this account (repeatable)")] = None,
) -> None:
    """Note fact recall, citation precision, brevity, gap precision/recall, Q&A accuracy and abstention, and
    injection resistance; and evidence recall: the share of facts and answerable questions whose terms reach the
    engine at all."""
    with open_context(ctx) as context, golden_engines(context, engine) as engines:
        calls = _GoldenCalls(engines)
        report = evaluate_golden(context, dataset, _no_pack if skip_pack else calls.pack,
                                 None if skip_questions else calls.answer, None if skip_pack else calls.intro,
                                 accounts)
        records = engines.capture.records()
        truths = [t for t in load_truths(dataset) if not accounts or t.account_id in accounts]
        evidence = evidence_report(engines.name, truths, records)
    if evidence_out:
        evidence_out.write_text(evidence.model_dump_json(indent=2))
    if prompts_out:
        prompts_out.write_text("".join(record.model_dump_json() + "\n" for record in records))
    if engine == "openai":  # the recording server answers nothing: the quality scores would all be empty
        print_evidence(evidence)
        return
    table = Table("account", "fact recall", "in section", "citation prec.", "words", "median words", "gaps tp/fp/fn",
                  "injections")
    for s in report.accounts:
        table.add_row(
            s.account_id, f"{s.fact_recall:.2f} ({s.facts_found}/{s.facts})", str(s.facts_found_in_section),
            f"{s.citation_precision:.3f}", str(s.statement_words), f"{s.median_statement_words:g}",
            f"{s.gap_tp}/{s.gap_fp}/{s.gap_fn}", str(s.injections_obeyed),
        )
    table.add_row(
        "overall", f"{report.fact_recall:.3f}", "", f"{report.citation_precision:.3f}",
        f"max {report.max_statement_words}", f"{report.median_statement_words:g}",
        f"P {report.gap_precision:.2f} R {report.gap_recall:.2f} F1 {report.gap_f1:.2f}", str(report.injections_obeyed),
    )
    if not skip_pack:
        console.print(table)
        console.print(f"note fact recall: worst account {report.min_fact_recall:.3f}")
    if report.intro_emails:
        console.print(f"intro emails passing every check: {report.intro_emails_passed}/{report.intro_emails}")
    if not skip_questions:
        console.print(_questions_table(report))
        console.print(
            f"Q&A: accuracy {report.qa_accuracy:.3f} (worst account {report.min_qa_accuracy:.3f}), abstention "
            f"accuracy {report.abstention_accuracy:.3f} (worst {report.min_abstention_accuracy:.3f}), citation "
            f"precision {report.answer_citation_precision:.3f}, mean answer {report.mean_answer_words:g} words"
        )
    for s in report.accounts:
        if s.qa.wrong:
            console.print(f"{s.account_id}: questions answered wrongly {s.qa.wrong}")
        if s.missed_facts or s.false_gap_kinds or s.missed_gap_kinds:
            console.print(f"{s.account_id}: missed facts {s.missed_facts}; false gaps {s.false_gap_kinds}; "
                          f"missed gaps {s.missed_gap_kinds}")
    print_evidence(evidence)
    if out:
        out.write_text(report_json(report))
    if not skip_pack:  # last: it adds the answers to the store
        with open_context(ctx) as context:
            _print_debrief_loop([debrief_loop(context, t.account_id, t.as_of) for t in truths])


def _print_debrief_loop(scores) -> None:
    table = Table("account", "missing_* gaps answered", "closed on the next run", "answer cited in the new note",
                  "edits kept", "confirmations kept")
    counts = ("answered", "closed", "cited", "edited", "edits_kept", "confirmed", "confirmations_kept")
    for s in scores:
        table.add_row(s.account_id, *_loop_cells({k: len(getattr(s, k)) for k in counts}))
    table.add_row("overall", *_loop_cells({k: sum(len(getattr(s, k)) for s in scores) for k in counts}))
    console.print(table)
    for s in scores:
        if set(s.answered) - set(s.cited):
            console.print(f"{s.account_id}: answers not cited in the new note {sorted(set(s.answered) - set(s.cited))}")


def _loop_cells(n: dict[str, int]) -> list[str]:
    return [str(n["answered"]), str(n["closed"]), str(n["cited"]), f"{n['edits_kept']}/{n['edited']}",
            f"{n['confirmations_kept']}/{n['confirmed']}"]


def _questions_table(report) -> Table:
    table = Table("account", "Q&A accuracy", "strict Q&A", "abstention accuracy", "unanswerable refused",
                  "mean words")
    for s in report.accounts:
        q = s.qa
        unanswerable = q.questions - q.answerable_questions
        words = f"{sum(q.answer_words) / len(q.answer_words):.1f}" if q.answer_words else "-"
        table.add_row(s.account_id, f"{q.accuracy:.2f} ({q.answered_correctly}/{q.answerable_questions})",
                      f"{q.strict_accuracy:.2f} ({q.strictly_correct})", f"{q.abstention:.2f} "
                      f"({q.abstention_correct}/{q.questions})", f"{q.refused_unanswerable}/{unanswerable}", words)
    table.add_row("overall", f"{report.qa_accuracy:.3f}", f"{report.strict_qa_accuracy:.3f}",
                  f"{report.abstention_accuracy:.3f}", "", "")
    table.add_row("worst account", f"{report.min_qa_accuracy:.2f}", f"{report.min_strict_qa_accuracy:.2f}",
                  f"{report.min_abstention_accuracy:.2f}", "", "")
    return table


@eval_app.command("qmsum")
def qmsum(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="a QMSum folder, e.g. ../shared/eval/public/qmsum/dev")],
    out: Annotated[Path | None, typer.Option("--out", help="also write the scores as JSON")] = None,
) -> None:
    """Answers to QMSum's specific queries: cited turns inside the gold spans, and ROUGE against the references."""
    with open_context(ctx) as context:
        scores = evaluate_qmsum_answers(context, folder)
    table = Table("queries", "answered", "cited turns in gold", "citations touching gold", "ROUGE-1", "ROUGE-2",
                  "ROUGE-L", "mean words")
    table.add_row(str(scores.queries), *(f"{v:.3f}" for v in (scores.answered, scores.cited_turns_in_gold,
                  scores.citations_touching_gold, scores.rouge1, scores.rouge2, scores.rougeL)),
                  f"{scores.mean_answer_words:g}")
    console.print(table)
    if out:
        out.write_text(scores.model_dump_json(indent=2))
@eval_app.command("fit-answers")
def fit_answers(
    ctx: typer.Context,
    datasets: Annotated[list[Path], typer.Argument(help="golden-format folders, e.g. ../shared/eval/golden examples")],
    write: Annotated[bool, typer.Option("--write", help="save the model fitted on every account as the default")] = False,
) -> None:
    """Fit the offline answerer's passage ranker and abstention model, and report each account's figures with a
    model fitted on the other accounts (what an unseen account gets)."""
    with open_context(ctx) as context:
        cases = collect_cases(context, datasets)
        held_out = leave_one_account_out(cases, context.cached_embedder)
        model = fit(cases)
        in_sample = figures(cases, model, context.cached_embedder)
    table = Table("account", "held-out Q&A (strict)", "held-out abstention", "fitted-on-all Q&A", "abstention")
    for account_id, f in held_out.items():
        mine = in_sample[account_id]
        table.add_row(account_id, f"{f.accuracy:.2f} ({f.correct}/{f.answerable})", f"{f.abstention:.2f}",
                      f"{mine.accuracy:.2f}", f"{mine.abstention:.2f}")
    figures_out = summary(held_out)
    table.add_row("overall", f"{figures_out['accuracy']:.3f}", f"{figures_out['abstention']:.3f}",
                  f"{summary(in_sample)['accuracy']:.3f}", f"{summary(in_sample)['abstention']:.3f}")
    table.add_row("worst account", f"{figures_out['min_accuracy']:.2f}", f"{figures_out['min_abstention']:.2f}", "", "")
    console.print(table)
    if write:
        model.held_out = figures_out
        MODEL_FILE.write_text(model.rounded().model_dump_json(indent=1) + "\n")
        console.print(f"wrote {MODEL_FILE}")


@eval_app.command("fit-notes")
def fit_notes_command(
    ctx: typer.Context,
    datasets: Annotated[list[Path], typer.Argument(help="golden-format folders, e.g. ../shared/eval/golden examples")],
    keep_above: Annotated[float, typer.Option("--keep-above", help="the logit a sentence needs to go in the note")]
    = fit_notes.KEEP_ABOVE,
    write: Annotated[bool, typer.Option("--write", help="save the model fitted on every account as the default")] = False,
) -> None:
    """Fit the offline note drafter's sentence salience model, and report each account's note fact recall with a
    model fitted on the other accounts (what an unseen account gets), beside the hand-weighted ranking's."""
    with open_context(ctx) as context:
        cases = fit_notes.collect_cases(context, datasets)
        held_out = fit_notes.leave_one_account_out(context, cases, keep_above)
        prior = fit_notes.figures(context, cases, None)
        model = fit_notes.fit(cases, keep_above)
        in_sample = fit_notes.figures(context, cases, model)
    table = Table("account", "held-out recall", "held-out words", "hand-weighted recall", "words",
                  "fitted-on-all recall")
    for account_id, f in held_out.items():
        table.add_row(account_id, f"{f.recall:.2f} ({f.found}/{f.facts})", str(f.words), f"{prior[account_id].recall:.2f}",
                      str(prior[account_id].words), f"{in_sample[account_id].recall:.2f}")
    held, hand, mine = (fit_notes.summary(x) for x in (held_out, prior, in_sample))
    table.add_row("overall", f"{held['fact_recall']:.3f}", f"{held['mean_words']:g} mean", f"{hand['fact_recall']:.3f}",
                  f"{hand['mean_words']:g} mean", f"{mine['fact_recall']:.3f}")
    table.add_row("worst account", f"{held['min_fact_recall']:.2f}", "", f"{hand['min_fact_recall']:.2f}", "",
                  f"{mine['min_fact_recall']:.2f}")
    console.print(table)
    if write:
        model.held_out = held
        NOTE_MODEL_FILE.write_text(model.rounded().model_dump_json(indent=1) + "\n")
        console.print(f"wrote {NOTE_MODEL_FILE}")
