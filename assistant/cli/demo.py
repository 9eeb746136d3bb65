"""``handoff demo``: the sample accounts ingested, a handoff pack written, demo users with fresh tokens, then the
service on http://127.0.0.1:8000."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, open_context
from assistant.cli.serve import serve
from assistant.errors import ConfigError
from assistant.indexer import ingest_path
from assistant.errors import NotFound
from assistant.pack import build_pack
from assistant.render_pack import write_pack
from assistant.store.documents import require_account
from assistant.users import add_user, assign, create_token, find_user

DEMO_ACCOUNT = "fernhill-creamery"
DEMO_AS_OF = date(2026, 2, 6)
# (user name, role, email, title, background, accounts assigned explicitly)
DEMO_USERS = [
    ("Nadia Voss", "csm", "nadia.voss@cobaltline.io", "Senior Customer Success Manager",
     "Outgoing CSM for Fernhill.", []),
    ("Elliot Faraday", "csm", "elliot.faraday@cobaltline.io", "Customer Success Manager, Midwest Mid-Market",
     "Six years in food and beverage manufacturing operations before joining Cobaltline; runs the Midwest "
     "mid-market pod.", []),
    ("Rita Reviewer", "reviewer", "rita.reviewer@cobaltline.io", "Customer Success Lead", "Reviews customer emails.",
     ["fernhill-creamery", "ostrander-property"]),
]


@app.command()
def demo(
    ctx: typer.Context,
    examples: Annotated[Path, typer.Option("--examples", help="folder of sample accounts")] = Path("examples/accounts"),
    out: Annotated[Path | None, typer.Option("--out", help="where to write the handoff pack")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="prepare everything but do not start the server")] = False,
) -> None:
    """Prepare the demo (ingest, pack, users) and serve it."""
    with open_context(ctx) as context:
        report = ingest_path(context, examples)
        for account in report.accounts:
            console.print(f"ingested {account.account_id}: {account.documents} new or changed, "
                          f"{account.unchanged} unchanged, {len(account.failures)} failed")
        pack = build_pack(context, DEMO_ACCOUNT, DEMO_AS_OF)
        out = out or context.settings.data_dir / "pack" / DEMO_ACCOUNT
        name = require_account(context, DEMO_ACCOUNT).name
        write_pack(pack, name, DEMO_AS_OF, out)
        console.print(f"wrote the handoff pack for {name} to {out}")
        tokens = {user[0]: _demo_user(context, *user) for user in DEMO_USERS}
    console.print("\nDemo users (tokens are shown once; `make demo` makes new ones each run):")
    for user_name, token in tokens.items():
        console.print(f"  {user_name}: {token}", markup=False, highlight=False)
    console.print("Sign in to the web app (the address below) with one of these tokens.")
    if not no_serve:
        serve(ctx, host=None, port=None, workers=1)


def _demo_user(context, name: str, role: str, email: str, title: str, background: str, accounts: list[str]) -> str:
    try:
        find_user(context, name)
    except NotFound:
        add_user(context, name, role, email, title, background)
    for account_id in accounts:
        try:
            assign(context, name, account_id)
        except (NotFound, ConfigError):
            pass
    return create_token(context, name, label="demo").token
