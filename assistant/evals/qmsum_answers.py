"""Answer quality on QMSum: each specific query is asked of its meeting (indexed as an account of transcript turns);
reported are the share of cited turns inside the gold spans and ROUGE-1/2/L of the answer against the human
reference answer (rouge-score, stemmed F-measure)."""

from __future__ import annotations

import statistics
from pathlib import Path

from pydantic import BaseModel
from rouge_score import rouge_scorer

from assistant.chat.service import ask
from assistant.platform.context import Context
from assistant.evals.qmsum import load_meetings, meeting_document, turns_of
from assistant.account.ingest import index_documents
from assistant.store.documents import load_chunks


class QmsumAnswerScores(BaseModel):
    queries: int
    answered: float  # share of queries not abstained on (every QMSum query is answerable)
    cited_turns_in_gold: float  # over all cited turns of all answers
    citations_touching_gold: float  # share of citations whose turns overlap the gold spans
    rouge1: float
    rouge2: float
    rougeL: float
    mean_answer_words: float


def evaluate_qmsum_answers(context: Context, folder: Path) -> QmsumAnswerScores:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    answered, in_gold, cited, touching, citations, words = 0, 0, 0, 0, 0, []
    rouge = {"rouge1": [], "rouge2": [], "rougeL": []}
    queries = 0
    for meeting in load_meetings(folder):
        account_id = f"qmsum-{meeting.meeting_id.lower()}"
        index_documents(context, account_id, [meeting_document(meeting, account_id)])
        with context.db.session() as session:
            locators = {c.id: c.locator for c in load_chunks(session, context.account_access(account_id, session))}
        for query in meeting.queries:
            queries += 1
            answer = ask(context, account_id, query.query)
            text = answer.answer if answer.answerable else ""
            answered += answer.answerable
            words.append(len(text.split()))
            for name, score in scorer.score(query.answer, text).items():
                rouge[name].append(score.fmeasure)
            for citation in answer.citations:
                turns = turns_of(locators.get(citation.chunk_id))
                citations += 1
                touching += bool(turns & query.gold_turns)
                cited += len(turns)
                in_gold += len(turns & query.gold_turns)
    return QmsumAnswerScores(
        queries=queries,
        answered=round(answered / max(queries, 1), 3),
        cited_turns_in_gold=round(in_gold / max(cited, 1), 3),
        citations_touching_gold=round(touching / max(citations, 1), 3),
        rouge1=round(statistics.mean(rouge["rouge1"]), 3),
        rouge2=round(statistics.mean(rouge["rouge2"]), 3),
        rougeL=round(statistics.mean(rouge["rougeL"]), 3),
        mean_answer_words=round(statistics.mean(words), 1),
    )
