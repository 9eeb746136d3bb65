"""``handoff users | tokens | assign | audit | db``: the team service's administration from the command line."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from assistant.access import audit as audit_service
from assistant.access import users as users_service
from assistant.cli.app import app, console, open_context
from assistant.store.migrate import current_revision, upgrade

users_app = typer.Typer(no_args_is_help=True, help="users and roles (admin, csm, reviewer)")
tokens_app = typer.Typer(no_args_is_help=True, help="API tokens (shown once, stored hashed)")
db_app = typer.Typer(no_args_is_help=True, help="the SQL store's schema")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(db_app, name="db")


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="the user's name (unique)")],
    role: Annotated[str, typer.Option("--role", help="admin, csm or reviewer")],
    email: Annotated[str | None, typer.Option("--email", help="matches the CRM's owner/incoming CSM emails")] = None,
    title: Annotated[str | None, typer.Option("--title", help="job title, used in introduction emails")] = None,
    background: Annotated[str | None, typer.Option("--background", help="a short profile for introductions")] = None,
) -> None:
    """Add a user."""
    with open_context(ctx) as context:
        user = users_service.add_user(context, name, role, email, title, background)
    console.print(f"added {user.name} ({user.role}), id {user.id}")


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """List users."""
    with open_context(ctx) as context:
        users = users_service.list_users(context)
    table = Table("id", "name", "role", "email", "title")
    for user in users:
        table.add_row(str(user.id), user.name, user.role, user.email or "", user.title or "")
    console.print(table)


@users_app.command("profile")
def users_profile(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="user name")],
    title: Annotated[str | None, typer.Option("--title")] = None,
    background: Annotated[str | None, typer.Option("--background")] = None,
) -> None:
    """Set a user's title and background (shown to customers in introduction emails)."""
    with open_context(ctx) as context:
        user = users_service.update_profile(context, users_service.find_user(context, name).id, title, background)
    console.print(f"{user.name}: {user.title or '-'}; {user.background or '-'}")


@tokens_app.command("create")
def tokens_create(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="user name")],
    label: Annotated[str, typer.Option("--label", help="what the token is for")] = "",
) -> None:
    """Create a bearer token for a user. It is printed once and cannot be shown again."""
    with open_context(ctx) as context:
        new = users_service.create_token(context, user, label)
    console.print(new.token, markup=False, highlight=False)


@tokens_app.command("revoke")
def tokens_revoke(ctx: typer.Context, user: Annotated[str, typer.Argument(help="user name")]) -> None:
    """Revoke every token of a user."""
    with open_context(ctx) as context:
        count = users_service.revoke_tokens(context, user)
    console.print(f"revoked {count} token(s) of {user}")


@app.command()
def assign(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="user name")],
    account: Annotated[str, typer.Argument(help="account id")],
) -> None:
    """Give a user access to an account."""
    with open_context(ctx) as context:
        users_service.assign(context, user, account)
    console.print(f"{user} can now see {account}")


@app.command()
def audit(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Option("--account", help="only this account")] = None,
    action: Annotated[str | None, typer.Option("--action", help="only this action, e.g. email.approve")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Read the audit log, newest first."""
    with open_context(ctx) as context:
        events = audit_service.read_events(context, account, action, limit)
    if as_json:
        console.print_json(json.dumps([e.model_dump(mode="json") for e in events]))
        return
    for event in events:
        where = f" {event.account_id}" if event.account_id else ""
        what = f" {event.object_type}:{event.object_id}" if event.object_type else ""
        console.print(f"{event.at:%Y-%m-%d %H:%M:%S} {event.actor}: {event.action}{where}{what}", markup=False)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Apply schema migrations (opening a store does this too)."""
    with open_context(ctx) as context:
        upgrade(context.db.engine)
        console.print(f"schema at revision {current_revision(context.db.engine)}")
