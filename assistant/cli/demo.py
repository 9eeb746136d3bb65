"""``handoff demo``: the sample accounts ingested, a handoff pack written, demo users with fresh tokens, then the
service on http://127.0.0.1:8000."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel

from assistant.cli.app import app, console, open_context
from assistant.cli.serve import serve
from assistant.account.ingest import ingest_path
from assistant.platform.errors import NotFound
from assistant.pack.assemble import build_pack
from assistant.pack.render import write_pack
from assistant.access.users import add_user, assign, create_token, find_user



class DemoUser(BaseModel):
    name: str
    role: str
    email: str
    title: str
    background: str
    accounts: list[str] = []


class DemoSetup(BaseModel):
    """``examples/demo.json``: which sample account the demo pack is for, its date, and the demo users."""

    account: str
    as_of: date
    users: list[DemoUser]


@app.command()
def demo(
    ctx: typer.Context,
    examples: Annotated[Path, typer.Option("--examples", help="folder of sample accounts")] = Path("examples/accounts"),
    setup_file: Annotated[Path, typer.Option("--setup", help="the demo's account, date and users")] = Path(
        "examples/demo.json"),
    out: Annotated[Path | None, typer.Option("--out", help="where to write the handoff pack")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="prepare everything but do not start the server")] = False,
) -> None:
    """Prepare the demo (ingest, pack, users) and serve it."""
    setup = DemoSetup.model_validate_json(setup_file.read_text())
    with open_context(ctx) as context:
        report = ingest_path(context, examples)
        for account in report.accounts:
            console.print(f"ingested {account.account_id}: {account.documents} new or changed, "
                          f"{account.unchanged} unchanged, {len(account.failures)} failed")
        pack = build_pack(context, setup.account, setup.as_of)
        out = out or context.settings.data_dir / "pack" / setup.account
        name = context.account_access(setup.account).name
        write_pack(pack, name, setup.as_of, out)
        console.print(f"wrote the handoff pack for {name} to {out}")
        tokens = {user.name: _demo_user(context, user) for user in setup.users}
    console.print("\nDemo users (tokens are shown once; `make demo` makes new ones each run):")
    for user_name, token in tokens.items():
        console.print(f"  {user_name}: {token}", markup=False, highlight=False)
    console.print("Sign in to the web app (the address below) with one of these tokens.")
    if not no_serve:
        serve(ctx, host=None, port=None, workers=1)


def _demo_user(context, user: DemoUser) -> str:
    try:
        find_user(context, user.name)
    except NotFound:
        add_user(context, user.name, user.role, user.email, user.title, user.background)
    for account_id in user.accounts:
        try:
            assign(context, user.name, account_id)
        except NotFound:
            pass
    return create_token(context, user.name, label="demo").token
