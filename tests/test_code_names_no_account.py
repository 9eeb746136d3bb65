"""The product's code is written for any customer: no rule, word list or comment in ``assistant/``, ``ingest/``,
``prompts/`` or ``web/`` names a customer, person, product, domain or ticket id of the evaluation accounts or of
``examples/``. Nor do the tests: a test may read the golden accounts to check what holds for every one of them, but
no test or fixture names a golden account, its people, its files or its tickets (``examples/`` are the project's
own and may be named there). The names are read from the accounts' own files, so this test names none of them."""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.utils import getaddresses
from pathlib import Path

import frontmatter
import pytest

# not imported from conftest: in a whole-suite run "conftest" may name another folder's conftest module
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"
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


# ---- the tests name no golden account -------------------------------------------------------------------------

GOLDEN_ACCOUNTS = SHARED_EVAL / "golden" / "accounts"
_TEST_SUFFIXES = {".py", ".eml", ".mbox", ".md", ".txt", ".vtt", ".srt", ".json", ".csv", ".yaml", ".html", ".j2"}
_NUMBER = r"(?<![\w.:/-]){}(?![\w:/]|-\d)"  # a bare ticket id, not part of a date, version, time or longer number


def _golden_folders() -> list[Path]:
    return sorted(f for f in GOLDEN_ACCOUNTS.iterdir() if f.is_dir()) if GOLDEN_ACCOUNTS.is_dir() else []


def _golden_names() -> tuple[set[str], set[str], set[str]]:
    """The golden accounts' (names: slugs, customer names, people, products, domains; file names; ticket ids)."""
    names: set[str] = set()
    files: set[str] = set()
    for folder in _golden_folders():
        names |= _names_in(folder) | {folder.name}
        crm = folder / "crm.json"
        if crm.is_file():
            names.add(str(json.loads(crm.read_text()).get("name") or ""))  # one-word customer names too
        files |= {p.name for sub in ("emails", "meetings") for p in (folder / sub).glob("*") if p.is_file()}
    tickets = {name[1:] for name in names if name.startswith("#")}
    return {n for n in names if n and not n.startswith("#")}, files, tickets


def _test_files() -> list[Path]:
    return [p for p in (REPO_ROOT / "tests").rglob("*")
            if p.is_file() and p.suffix in _TEST_SUFFIXES and "__pycache__" not in p.parts]


@pytest.mark.skipif(not GOLDEN_ACCOUNTS.is_dir(), reason=f"no golden data at {GOLDEN_ACCOUNTS}")
def test_no_test_or_fixture_names_a_golden_account_its_people_files_or_tickets():
    names, files, tickets = _golden_names()
    assert len(names) > 20 and files and tickets, "the golden account files were not read"
    patterns = {name: re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE) for name in names}
    patterns |= {f"ticket {id_}": re.compile(_NUMBER.format(re.escape(id_))) for id_ in tickets}
    found = []
    for path in _test_files():
        text = path.read_text(errors="replace")
        where = path.relative_to(REPO_ROOT)
        found += [f"{where}: {name}" for name, pattern in patterns.items() if pattern.search(text)]
        found += [f"{where}: file {name}" for name in files if name in text]
    assert not found, ("golden account names in the tests (specify the behaviour on a made-up fixture, or check "
                       "an invariant over every golden account):\n" + "\n".join(sorted(found)))
