"""The web app: server-rendered pages on the API's FastAPI app, plus its static files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web.pages import account, accounts, auth, chat, jobs, note_corrections, reviews
from web.session import HERE


def install_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (auth, accounts, account, note_corrections, chat, reviews, jobs):
        app.include_router(module.router)
