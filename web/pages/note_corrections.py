"""The note corrected in place on the account page: the outgoing CSM's forms post here; the service decides who may
and what is valid, and every answer goes back to the statement on the page."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from assistant.http.auth import Form, PageContext
from assistant.notes.corrections import DECISIONS, add_statement, edit_statement
from web.session import PageRoute, redirect

router = APIRouter(prefix="/accounts/{account_id}/note", route_class=PageRoute, include_in_schema=False)



@router.post("/statements/{statement_id}/edit")
def edit_form(account_id: str, statement_id: str, context: PageContext, form: Form):
    edit_statement(context, account_id, statement_id, str(form.get("text", "")))
    return redirect(f"/accounts/{account_id}#st-{statement_id}")


@router.post("/statements/{statement_id}/{decision}")
def decide_form(account_id: str, statement_id: str, decision: Literal["remove", "confirm", "keep", "revert"],
                context: PageContext, _: Form):
    DECISIONS[decision](context, account_id, statement_id)
    return redirect(f"/accounts/{account_id}#st-{statement_id}" if decision != "remove" else
                    f"/accounts/{account_id}#note")


@router.post("/sections/{section_key}/statements")
def add_form(account_id: str, section_key: str, context: PageContext, form: Form):
    passages = str(form.get("citations", "")).replace(",", " ").split()
    add_statement(context, account_id, section_key, str(form.get("text", "")), passages)
    return redirect(f"/accounts/{account_id}#sec-{section_key}")
