"""Questions over an account's history: JSON answers, server-sent-event streaming, and threads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.api.deps import UserContext
from assistant.api.problems import API_PROBLEMS, problem_responses
from assistant.chat.models import Answer, Thread
from assistant.chat.service import ask, stream_answer
from assistant.chat.threads import get_thread, list_threads
from assistant.platform.errors import HandoffError
from assistant.http.errors import client_detail
from assistant.store.filters import ChunkFilter
from ingest.document import SourceType

router = APIRouter(
    prefix="/api/accounts/{account_id}", tags=["chat"], responses={**API_PROBLEMS, **problem_responses(502)}
)


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    thread_id: str | None = None
    source_types: list[SourceType] | None = None
    date_from: date | None = None
    date_to: date | None = None

    def where(self) -> ChunkFilter:
        return ChunkFilter(source_types=self.source_types, date_from=self.date_from, date_to=self.date_to)


@router.post("/ask")
def ask_question(account_id: str, body: Question, context: UserContext) -> Answer:
    """A cited answer, or "not in the record" with no sources."""
    return ask(context, account_id, body.question, body.thread_id, body.where())


@router.post("/ask/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}, "description": "token, citations, done events"}})
def ask_streaming(account_id: str, body: Question, context: UserContext) -> StreamingResponse:
    """Server-sent events: `token` pieces, then `citations` (checked), then `done` with the final answer."""
    context.account_access(account_id)  # refuse before the stream starts

    def events() -> Iterator[str]:
        try:
            for event in stream_answer(context, account_id, body.question, body.thread_id, body.where()):
                yield f"event: {event.event}\ndata: {json.dumps(event.data)}\n\n"
        except HandoffError as exc:
            yield f"event: error\ndata: {json.dumps({'detail': client_detail(exc)})}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.get("/threads")
def threads(account_id: str, context: UserContext) -> list[Thread]:
    return list_threads(context, account_id)


@router.get("/threads/{thread_id}")
def thread(account_id: str, thread_id: str, context: UserContext) -> Thread:
    return get_thread(context, account_id, thread_id)
