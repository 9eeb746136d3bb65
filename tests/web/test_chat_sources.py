"""A Slack export's zip, uploaded as Slack makes it, lands under slack/, is read as chat, and the account's
timeline lists and filters its channel-days."""

from __future__ import annotations

import io
import zipfile

from test_pages import follow_job
from web_support import FIXTURES


def _slack_export_zip() -> bytes:
    buffer = io.BytesIO()
    export = FIXTURES / "slack"
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(export.rglob("*.json")):
            archive.write(path, path.relative_to(export).as_posix())
    return buffer.getvalue()


def test_an_uploaded_slack_export_is_read_as_chat_and_listed_under_its_filter(web):
    client = web("mara")
    files = [("files", ("crm.json", (FIXTURES / "accounts" / "tiny-co" / "crm.json").read_bytes())),
             ("files", ("slack-export.zip", _slack_export_zip()))]

    started = client.post("/uploads", data={"csrf_token": web.csrf("mara"), "account_id": "tiny-co"}, files=files)

    finished = follow_job(client, started.headers["location"])
    assert "slack/users.json: Slack users list, used for names" in finished
    assert "slack/orchard-line-shared/2026-01-12.json: chat (Slack #orchard-line-shared)" in finished
    assert "Not read" not in finished
    page = client.get("/accounts/tiny-co?type=chat").text
    assert 'href="?type=chat#timeline" aria-current="true">Chat' in page
    assert "Slack #orchard-line-shared, 2026-01-13" in page and '<span class="badge">chat</span>' in page
