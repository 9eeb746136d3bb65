"""A deterministic synthetic corpus in the golden layout, for benchmarks.

Text is composed from sentence templates filled from small vocabularies (people, products, features, numbers,
dates) with a seeded ``random.Random``, at lengths like real material: meeting notes of 1-4 KB, emails of
0.3-2 KB (some replies, with quoted history), tickets of 0.5-2 KB with a few comments each.
"""

from __future__ import annotations

import json
import random
import tempfile
import textwrap
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

VENDOR, VENDOR_DOMAIN = "Cobaltline", "cobaltline.io"
PRODUCTS = ["Maintain", "Inspect", "Insights", "Sensors", "Scheduler", "Mobile", "Connect", "Audit"]
FEATURES = [
    "SSO", "SAML group mapping", "offline mode", "the REST API", "webhooks", "the audit log export", "dashboards",
    "role permissions", "the mobile app", "work-order templates", "CSV import", "the ERP connector", "alerting",
    "scheduled reports", "barcode scanning", "the approval workflow", "data retention", "sandbox access",
]
FIRST = [
    "Dana", "Sam", "Priya", "Marcus", "Elena", "Tobias", "Aisha", "Rafael", "Colleen", "Stefan", "Margit", "Jonah",
    "Keiko", "Luis", "Nadia", "Omar", "Greta", "Hassan", "Ingrid", "Wei", "Bruno", "Fatima", "Declan", "Yusuf",
]
LAST = [
    "Whitfield", "Ortiz", "Raman", "Okafor", "Novak", "Varga", "Bello", "Oduya", "Huebner", "Kowalczyk", "Solheim",
    "Achterberg", "Tanaka", "Ferreira", "Voss", "Haddad", "Lindqvist", "Chen", "Moreau", "Adeyemi", "Brennan",
]
TITLES = [
    "VP Operations", "IT Director", "Plant Manager", "Procurement Lead", "CFO", "Maintenance Supervisor",
    "Head of Quality", "Operations Analyst", "COO", "Systems Administrator",
]
COMPANY_A = ["Harbor", "Fern", "Granite", "Silver", "North", "Blue", "Cedar", "Iron", "Maple", "Summit", "Ridge"]
COMPANY_B = ["view", "hill", "stone", "lake", "field", "gate", "brook", "wood", "crest", "point"]
COMPANY_C = ["Logistics", "Creamery", "Foods", "Property", "Manufacturing", "Health", "Freight", "Energy", "Labs"]
SITES = ["Ashby", "Merrimac", "Cobb", "Granton", "Riverside", "Eastgate", "Dunmore", "Kessler", "Main Street"]
COMPETITORS = ["Plantwise", "UpKeepr", "Fiixly", "MaintainX Pro", "the ERP vendor's module"]
SECTIONS = ["Adoption", "Renewal", "Support", "Roadmap", "Commercial", "Stakeholders", "Risks", "Training"]

SENTENCES = [
    "{person} said {product} adoption at {site} is at {n} of {m} seats, down from {m2} last quarter.",
    "The renewal is due on {date} and {person} expects a {pct}% price uplift to be a hard conversation.",
    "{person} asked whether {feature} can be switched on before the {date} go-live at {site}.",
    "Ticket {ticket} about {feature} is still open; support promised an engineer call by {date}.",
    "{competitor} gave {person} a demo last month, so the renewal is likely but not automatic.",
    "We agreed to send a revised quote for {product} with a {site} option by {date}.",
    "Downtime at {site} is {pct}% below baseline for the trailing twelve months, mostly thanks to {product}.",
    "{person} ({title}) will be the executive sponsor until the contract is signed in {month}.",
    "Training for {n} new supervisors at {site} is planned for the week of {date}.",
    "The ARR is ${arr:,} on the current plan and finance wants the invoice split by plant.",
    "{person} complained that {feature} is slow when more than {n} users export at once.",
    "Action: {person} to share the {site} network diagram so the solutions team can review {product}.",
    "Health score dropped to {pct} after the {feature} outage; {person} wants a written root cause.",
    "They want {feature} in the roadmap before they commit to the {product} pilot for {m} seats.",
    "{person} prefers email over calls and asked for a monthly summary instead of biweekly meetings.",
    "The board meets on {date} and {person} needs the cost per prevented breakdown for that packet.",
    "Procurement needs the security questionnaire back by {date} or the order form slips to {month}.",
    "Seat count in the CRM says {m} but {person} counted {n} active users in the admin console.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
START, DAYS = date(2024, 6, 1), 610  # material dated June 2024 to January 2026


class Account:
    """One synthetic customer: its name, people, products, and a random stream of its own."""

    def __init__(self, index: int, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + index)
        rng = self.rng
        self.name = f"{rng.choice(COMPANY_A)}{rng.choice(COMPANY_B)} {rng.choice(COMPANY_C)} {index:02d}"
        self.slug = self.name.lower().replace(" ", "-")
        self.domain = self.slug.replace("-", "") + ".com"
        self.contacts = [self._person(self.domain) for _ in range(rng.randint(4, 7))]
        self.team = [self._person(VENDOR_DOMAIN) for _ in range(3)]
        self.products = [f"{VENDOR} {p}" for p in rng.sample(PRODUCTS, rng.randint(2, 4))]

    def _person(self, domain: str) -> dict:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return {"name": f"{first} {last}", "email": f"{first[0].lower()}{last.lower()}@{domain}",
                "title": self.rng.choice(TITLES)}  # fmt: skip

    def day(self) -> date:
        return START + timedelta(days=self.rng.randrange(DAYS))

    def sentence(self) -> str:
        rng = self.rng
        person = rng.choice(self.contacts + self.team)
        m = rng.randint(20, 400)
        return rng.choice(SENTENCES).format(
            person=person["name"], title=person["title"], product=rng.choice(self.products),
            feature=rng.choice(FEATURES), site=rng.choice(SITES), competitor=rng.choice(COMPETITORS),
            n=rng.randint(5, m), m=m, m2=m + rng.randint(1, 40), pct=rng.randint(2, 30),
            date=self.day().strftime("%b %d"), month=rng.choice(MONTHS), ticket=rng.randint(10_000, 99_999),
            arr=rng.randrange(20_000, 400_000, 100),
        )  # fmt: skip

    def paragraph(self, target_chars: int) -> str:
        sentences: list[str] = []
        while sum(len(s) + 1 for s in sentences) < target_chars:
            sentences.append(self.sentence())
        return " ".join(sentences)


def write_corpus(root: Path, accounts: int, docs: int, seed: int = 7) -> int:
    """Write ``accounts`` account folders of about ``docs`` documents each under ``root``; returns the file count."""
    files = 0
    for index in range(accounts):
        account = Account(index, seed)
        folder = root / account.slug
        n_meetings, n_tickets = round(docs * 0.3), round(docs * 0.2)
        files += _write_crm(folder, account)
        files += _write_meetings(folder / "meetings", account, n_meetings)
        files += _write_emails(folder / "emails", account, docs - n_meetings - n_tickets)
        files += _write_tickets(folder / "tickets", account, n_tickets)
    return files


def _write(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 1


def _write_crm(folder: Path, account: Account) -> int:
    rng = account.rng
    seats = rng.randint(30, 500)
    record = {
        "account_id": account.slug, "name": account.name, "domain": account.domain,
        "segment": rng.choice(["SMB", "Mid-Market", "Enterprise"]), "industry": account.name.split()[1],
        "plan": rng.choice(["Starter", "Growth", "Professional"]), "arr_usd": rng.randrange(20_000, 400_000, 100),
        "contract_start": "2025-04-01", "renewal_date": account.day().isoformat(),
        "seats_purchased": seats, "seats_active": rng.randint(seats // 2, seats),
        "health_score": rng.choice([None, rng.randint(20, 95)]), "nps": rng.randint(0, 10),
        "owner_csm": account.team[0], "incoming_csm": account.team[1],
        "transition": {"reason": "workload_rebalance", "effective_date": "2026-02-16", "notes": account.paragraph(200)},
        "products": account.products, "primary_contact": account.contacts[0], "notes": account.paragraph(400),
    }  # fmt: skip
    return _write(folder / "crm.json", json.dumps(record, indent=2))


def _write_meetings(folder: Path, account: Account, count: int) -> int:
    rng = account.rng
    for i in range(count):
        day = account.day()
        attendees = [f"{p['name']} <{p['email']}>" for p in rng.sample(account.contacts, 2) + account.team[:1]]
        title = f"{rng.choice(['Monthly check-in', 'Business review', 'Onsite visit', 'Renewal call'])} {i + 1}"
        head = (
            f"---\ntitle: {title}\ndate: {day.isoformat()}\nattendees: {json.dumps(attendees)}\n"
            f"channel: {rng.choice(['video', 'onsite', 'phone'])}\nauthor: {account.team[0]['name']}\n---\n"
        )
        target, body = rng.randint(1000, 4000) - len(head), []
        for section in rng.sample(SECTIONS, rng.randint(2, 5)):
            bullets = [f"- {account.paragraph(rng.randint(60, 300))}" for _ in range(rng.randint(2, 6))]
            body.append(f"## {section}\n" + "\n".join(bullets))
            if sum(len(b) for b in body) > target:
                break
        _write(folder / f"{day.isoformat()}-{title.lower().replace(' ', '-')}.md", head + "\n\n".join(body) + "\n")
    return count


def _write_emails(folder: Path, account: Account, count: int) -> int:
    rng = account.rng
    sent: list[tuple[EmailMessage, datetime]] = []
    for i in range(count):
        parent, when = rng.choice(sent) if sent and rng.random() < 0.4 else (None, _moment(account))
        when += timedelta(minutes=rng.randrange(60, 4 * 1440)) if parent is not None else timedelta()
        sender, recipient = rng.sample(account.contacts[:3] + account.team[:2], 2)
        body = _wrap(account.paragraph(rng.randint(150, 800))) + "\n\n" + _wrap(account.paragraph(rng.randint(50, 300)))
        message = EmailMessage()
        message["From"] = f"{sender['name']} <{sender['email']}>"
        message["To"] = f"{recipient['name']} <{recipient['email']}>"
        message["Date"] = format_datetime(when)
        message["Message-ID"] = f"<bench.{account.slug}.{i}@{sender['email'].split('@')[1]}>"
        subject = f"{rng.choice(account.products)}: {rng.choice(FEATURES)}"
        if parent is not None:
            subject = "Re: " + parent["Subject"].removeprefix("Re: ")
            message["In-Reply-To"] = parent["Message-ID"]
            message["References"] = f"{parent.get('References', '')} {parent['Message-ID']}".strip()
            quoted = "\n".join("> " + line for line in parent.get_content()[:500].splitlines())
            body += f"\n\nOn {parent['Date']}, {parent['From']} wrote:\n{quoted}"
        message["Subject"] = subject
        signature = f"{sender['name']}\n{sender['title']}"
        message.set_content(f"Hi {recipient['name'].split()[0]},\n\n{body}\n\nThanks,\n{signature}\n")
        sent.append((message, when))
        _write(folder / f"{when.date().isoformat()}-message-{i:03d}.eml", message.as_string())
    return count


def pad_account(folder: Path, factor: float, seed: int = 7) -> int:
    """Synthetic meetings, emails and tickets added to an account folder in the golden layout until its history is
    about ``factor`` times as large (in bytes; the CRM record untouched, the tickets in a file of their own). The
    material is another customer's (its own people and products): noise the account's facts must be found among.
    Returns the number of files added."""
    own = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != "crm.json")
    wanted = (factor - 1) * own
    with tempfile.TemporaryDirectory() as trial:  # the corpus's bytes per document, measured
        write_corpus(Path(trial), 1, 40, seed)
        files = [p for p in Path(trial).rglob("*") if p.is_file() and p.name != "crm.json"]
        per_doc = sum(p.stat().st_size for p in files) / 40
    docs = max(1, round(wanted / per_doc))
    account = Account(99, seed)
    n_meetings, n_tickets = round(docs * 0.3), round(docs * 0.2)
    return (_write_meetings(folder / "meetings", account, n_meetings)
            + _write_emails(folder / "emails", account, docs - n_meetings - n_tickets)
            + _write_tickets(folder / "tickets", account, n_tickets, first_id=900_000,
                             name="synthetic-tickets.json"))


def _write_tickets(folder: Path, account: Account, count: int, first_id: int = 20_000,
                   name: str = "tickets.json") -> int:
    rng = account.rng
    tickets = []
    for i in range(count):
        opened = _moment(account)
        requester, agent = rng.choice(account.contacts), rng.choice(account.team)
        comments, when = [], opened
        for c in range(rng.randint(2, 4)):
            author = requester if c % 2 == 0 else agent
            body = account.paragraph(rng.randint(80, 300))
            comments.append({"author": author["name"], "created_at": _iso(when), "public": True, "body": body})
            when += timedelta(hours=rng.randint(2, 120))
        tickets.append({
            "id": first_id + i, "subject": f"{rng.choice(FEATURES).capitalize()} problem at {rng.choice(SITES)}",
            "description": comments[0]["body"], "status": rng.choice(["new", "open", "pending", "solved", "closed"]),
            "priority": rng.choice(["low", "normal", "high", "urgent"]),
            "type": rng.choice(["question", "incident", "problem", "task"]),
            "requester": {"name": requester["name"], "email": requester["email"]}, "assignee": agent["name"],
            "created_at": _iso(opened), "updated_at": _iso(when), "tags": rng.sample(["sso", "api", "billing",
            "mobile", "export", "outage", "training"], 2), "comments": comments,
        })  # fmt: skip
    return _write(folder / name, json.dumps({"tickets": tickets}, indent=2)) if count else 0


def _moment(account: Account) -> datetime:
    midnight = datetime.combine(account.day(), datetime.min.time(), timezone.utc)
    return midnight + timedelta(minutes=account.rng.randrange(1440))


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=76)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def chunk_texts(account: Account, count: int) -> list[str]:
    """``count`` chunk-sized passages (200-900 characters) for filling a store without parsing files."""
    return [account.paragraph(account.rng.randint(200, 850)) for _ in range(count)]


QUERIES = [
    "What did {person} say about {feature}?",
    "when is the renewal and what price uplift was discussed",
    "{competitor} demo and renewal risk",
    "open ticket about {feature} at {site}",
    "who is the executive sponsor for {product}",
    "seat count and active users",
    "network diagram for the {product} review",
    "downtime at {site} compared to baseline",
    "security questionnaire deadline",
    "training plan for new supervisors at {site}",
    "{person} communication preference",
    "ARR and invoice split by plant",
    "{feature} outage root cause",
    "revised quote with a {site} option",
    "board packet cost per prevented breakdown",
]


def queries(account: Account, count: int) -> list[str]:
    """``count`` varied search questions about ``account``'s material."""
    rng = account.rng
    return [
        rng.choice(QUERIES).format(
            person=rng.choice(account.contacts)["name"], feature=rng.choice(FEATURES), site=rng.choice(SITES),
            competitor=rng.choice(COMPETITORS), product=rng.choice(account.products),
        )  # fmt: skip
        for _ in range(count)
    ]
