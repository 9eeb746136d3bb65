"""The product's code is written for any customer: no rule, word list or comment in ``assistant/``, ``ingest/``,
``prompts/`` or ``web/`` names a customer, person, product, domain or ticket id of the evaluation accounts or of
``examples/``. The names are read from the accounts' own files, so this test names none of them either."""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.utils import getaddresses
from pathlib import Path

import frontmatter
import pytest

from conftest import REPO_ROOT, SHARED_EVAL

CODE_FOLDERS = ("assistant", "ingest", "prompts", "web")
_CODE_SUFFIXES = {".py", ".j2", ".html", ".js", ".css", ".yaml", ".md"}


def _account_folders() -> list[Path]:
    folders = sorted((REPO_ROOT / "examples" / "accounts").iterdir())
    golden = SHARED_EVAL / "golden" / "accounts"
    if golden.is_dir():
        folders += sorted(golden.iterdir())
    return [f for f in folders if f.is_dir()]


def _people(value) -> list[str]:
    if isinstance(value, dict):
        return [str(value.get("name") or "")]
    if isinstance(value, list):
        return [n for item in value for n in _people(item)]
    if isinstance(value, str):
        return [name for name, _ in getaddresses([value])] or [value]
    return []


def _names_in(folder: Path) -> set[str]:
    names: set[str] = set()
    domains: set[str] = set()
    crm = folder / "crm.json"
    if crm.is_file():
        record = json.loads(crm.read_text())
        names |= {str(record.get("name") or "")}
        domains |= {str(record.get("domain") or "")}
        names |= {str(p) for p in record.get("products") or [] if " " in str(p)}
        for key in ("owner_csm", "incoming_csm", "primary_contact", "executive_sponsor", "contacts"):
            names |= set(_people(record.get(key)))
    for path in folder.glob("emails/*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
        for header in ("From", "To", "Cc"):
            for name, address in getaddresses(message.get_all(header, [])):
                names.add(name)
                domains.add(address.rpartition("@")[2])
    for path in folder.glob("meetings/*.md"):
        names |= set(_people(frontmatter.load(path).metadata.get("attendees") or []))
    tickets = folder / "tickets" / "tickets.json"
    if tickets.is_file():
        for ticket in json.loads(tickets.read_text()).get("tickets", []):
            names |= set(_people(ticket.get("requester"))) | set(_people(ticket.get("assignee")))
            names |= {f"#{ticket.get('id')}"} if len(str(ticket.get("id"))) >= 4 else set()
    names = {re.sub(r"^(Dr|Mr|Ms|Mrs)\.?\s+", "", n.strip().strip('"')) for n in names}
    # full names and company names (two words or more), the customer's domains, ticket ids
    kept = {n for n in names if len(n.split()) >= 2 and not n.isupper() or n.startswith("#")}
    return kept | {d.lower() for d in domains if "." in d}


def _code_files() -> list[Path]:
    return [p for folder in CODE_FOLDERS for p in (REPO_ROOT / folder).rglob("*")
            if p.suffix in _CODE_SUFFIXES and p.is_file()]


def test_no_evaluation_or_example_account_is_named_in_the_product_code():
    names = set().union(*(_names_in(folder) for folder in _account_folders()))
    assert len(names) > 20, "the account files were not read"
    patterns = {name: re.compile(rf"(?<![\w@.-]){re.escape(name)}(?![\w-])", re.IGNORECASE) for name in names}
    found = []
    for path in _code_files():
        text = path.read_text(errors="replace")
        found += [f"{path.relative_to(REPO_ROOT)}: {name}" for name, pattern in patterns.items()
                  if pattern.search(text)]
    assert not found, "account-specific names in the product code:\n" + "\n".join(sorted(found))


@pytest.mark.skipif(not (SHARED_EVAL / "golden").is_dir(), reason=f"no golden data at {SHARED_EVAL}/golden")
def test_the_golden_accounts_are_read_for_this_check():
    folders = [f for f in _account_folders() if f.parent.name == "accounts" and "golden" in str(f)]
    assert folders and all(_names_in(f) for f in folders)
