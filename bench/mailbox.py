"""Peak memory of ingesting one large mailbox (run by hand: ``python bench/mailbox.py [--megabytes 200]``).

Writes a synthetic whole-mailbox export (Gmail Takeout style: newsletters and other senders, with a fixed number
of the account's own messages) of the given size, ingests it as one account folder beside a CRM
record in one process, and prints wall time, messages kept and skipped, and the peak RSS before and after (the
model and stores are loaded first, so the difference is what reading the mailbox costs)."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

if not __package__:  # run as a script: this folder would shadow the project's `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from assistant.platform.config import Settings  # noqa: E402
from assistant.platform.context import Context  # noqa: E402
from assistant.account.ingest import ingest_path  # noqa: E402

CUSTOMER = "harbourfield.example"
FILLER = ("Quarterly numbers attached; see the summary below. " * 40).strip()


def write_mailbox(path: Path, megabytes: int, account_messages: int) -> int:
    """A mailbox of about ``megabytes`` MB holding ``account_messages`` of the account's, spread evenly; returns how
    many of the account's it holds."""
    target, written, n, ours = megabytes * 1024 * 1024, 0, 0, 0
    every = max(1, target // max(1, account_messages) // (len(FILLER) + 200))
    with open(path, "w") as mailbox:
        while written < target:
            n += 1
            mine = n % every == 0 and ours < account_messages
            ours += mine
            sender = f"buyer{n % 7}@{CUSTOMER}" if mine else f"news{n % 50}@list{n % 300}.example"
            body = (f"Message {n}. We need the renewal quote for 240 seats by Friday. " if mine else "") + FILLER
            message = (f"From {sender} Mon Feb  2 10:00:00 2026\nFrom: {sender}\nTo: csm@vendor.example\n"
                       f"Subject: Message {n}\nDate: Mon, 02 Feb 2026 10:00:00 +0000\nMessage-ID: <b{n}@mail.example>\n"
                       f"\n{body}\n\n")
            mailbox.write(message)
            written += len(message)
    return ours


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--account-messages", type=int, default=50,
                        help="the account's own messages in it (the same number whatever the size, so the memory "
                             "figure shows what the size costs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handoff-mailbox-") as scratch:
        folder = Path(scratch) / "accounts" / "harbourfield"
        (folder / "emails").mkdir(parents=True)
        (folder / "crm.json").write_text(json.dumps({"name": "Harbourfield", "domain": CUSTOMER}))
        ours = write_mailbox(folder / "emails" / "All mail.mbox", args.megabytes, args.account_messages)
        size = (folder / "emails" / "All mail.mbox").stat().st_size
        context = Context(Settings(data_dir=Path(scratch) / "data", engine="extractive"))
        # the model's arena grows to its largest batch: warm it on a full batch of long texts first
        context.embedder.embed([f"{n} {FILLER}" for n in range(context.settings.embed_batch_size)])
        _ = context.vectors
        before = peak_rss_mb()
        start = time.perf_counter()
        [report] = ingest_path(context, folder).accounts
        seconds = time.perf_counter() - start
        after = peak_rss_mb()
        context.close()
    print("| mailbox | account's messages | read as | notes | seconds | peak RSS before -> after |")
    print("|---|---|---|---|---|---|")
    print(f"| {size / 1e6:,.0f} MB | {ours:,} | {'; '.join(r.read_as for r in report.read if 'mbox' in r.path)} | "
          f"{'; '.join(report.notes)} | {seconds:.1f} | {before:,.0f} -> {after:,.0f} MB |")


if __name__ == "__main__":
    main()
