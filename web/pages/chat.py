"""Chat over an account's history: threads kept, answers streamed (by the page's script from the API's
server-sent events), sources beside each answer. Without script, the form posts here and the page reloads."""

from __future__ import annotations

from fastapi import APIRouter, Request

from assistant.chat.service import ask
from assistant.chat.threads import get_thread, list_threads
from assistant.platform.errors import InvalidRequest
from assistant.http.auth import Form, PageContext, PageUser
from web.session import PageRoute, redirect, render

router = APIRouter(prefix="/accounts/{account_id}/chat", route_class=PageRoute, include_in_schema=False)


@router.get("")
def chat_page(request: Request, account_id: str, user: PageUser, context: PageContext, thread: str | None = None):
    account = context.account_access(account_id)
    current = get_thread(context, account_id, thread) if thread else None
    return render(request, "chat.html", user, account_id=account_id, name=account.name,
                  threads=list_threads(context, account_id), thread=current)


@router.post("")
def ask_page(account_id: str, context: PageContext, form: Form):
    question = str(form.get("question", "")).strip()
    if not question or len(question) > 4000:
        raise InvalidRequest("ask a question of 1 to 4,000 characters")
    answer = ask(context, account_id, question, str(form.get("thread_id") or "") or None)
    return redirect(f"/accounts/{account_id}/chat?thread={answer.thread_id}#latest")
