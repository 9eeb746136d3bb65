"""Shared by the web tests: the users they sign in as, and a copy of the seeded data with those users."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.access.users import add_user, assign, create_token

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "accounts"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FERNHILL = "fernhill-creamery"
# key: (name, role, email). Nadia owns fernhill in its CRM, Elliot is its incoming CSM; Mara owns tiny-co's CRM
# record (uploaded by the tests); Rita reviews fernhill; Olga sees nothing.
PEOPLE = {
    "nadia": ("Nadia Voss", "csm", "nadia.voss@cobaltline.io"),
    "elliot": ("Elliot Faraday", "csm", "elliot.faraday@cobaltline.io"),
    "mara": ("Mara Quinn", "csm", "mara.quinn@vendor.example"),
    "rita": ("Rita Reviewer", "reviewer", "rita@cobaltline.io"),
    "olga": ("Olga Outsider", "csm", "olga@cobaltline.io"),
}


def make_context(seed: Path, data_dir: Path, embedder):
    """A copy of the seed with the users above; returns the context and one token per user."""
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    shutil.copytree(seed, data_dir)
    context = Context(Settings(data_dir=data_dir), embedder=embedder)
    tokens = {}
    for key, (name, role, email) in PEOPLE.items():
        add_user(context, name, role, email)
        tokens[key] = create_token(context, name).token
    assign(context, "Rita Reviewer", FERNHILL)
    return context, tokens


def sign_in(client, token: str, next: str | None = None, **form):
    """Post the sign-in form the way a browser does: fetch the page (and its cookie), then send the form back."""
    import re

    page = client.get("/signin")
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text).group(1)
    data = {"token": token, "nonce": nonce, **({"next": next} if next is not None else {}), **form}
    return client.post("/signin", data=data)
