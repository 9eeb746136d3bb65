"""SIGKILL an ingest at random moments of its writes, run it again, and the stores agree with each other and with
the files: no duplicate or orphan chunk, no source missing. Real processes, real SQLite and embedded Chroma."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.platform.ids import source_id
from assistant.indexing.doctor import check_store
from ingest.dispatch import parse_file
from ingest.errors import IngestError
from ingest.folder import discover

REPO = Path(__file__).resolve().parents[2]
NOTHING_YET = (0, None, None, 0, None)
SEED = int(os.environ.get("HANDOFF_CRASH_SEED", "20261204"))


def handoff_command() -> list[str]:
    script = shutil.which("handoff", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from assistant.cli import main; main()"]


def progress_mark(database: Path) -> tuple:
    """Changes whenever the registry is written: counts and the latest write time of sources and file rows."""
    if not database.exists():
        return NOTHING_YET
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            sources = connection.execute(
                "SELECT count(*), sum(status = 'ready'), max(ingested_at) FROM sources").fetchone()
            files = connection.execute("SELECT count(*), max(ingested_at) FROM source_files").fetchone()
            return (*sources, *files)
    except sqlite3.Error:  # the schema is still being created, or the writer holds a lock
        return NOTHING_YET


WRITE_STAGES = {  # how the registry shows that an ingest got this far, compared with before it started
    "rows written": lambda now, before: now[0] != before[0] or now[2] != before[2],
    "sources ready": lambda now, before: (now[1] or 0) > (before[1] or 0),
    "files recorded": lambda now, before: now[3] != before[3] or now[4] != before[4],
}


def ingest_and_kill(corpus: Path, data_dir: Path, env: dict, stage: str, rng: random.Random) -> bool:
    """Start an ingest, wait until it reached ``stage``, let it run a random moment longer, SIGKILL it. Returns
    False when it finished first."""
    database = data_dir / "handoff.db"
    before, reached = progress_mark(database), WRITE_STAGES[stage]
    log = (data_dir.parent / f"ingest-{stage.replace(' ', '-')}.log").open("w")
    process = subprocess.Popen([*handoff_command(), "ingest", str(corpus), "--prune"], env=env,
                               stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if reached(progress_mark(database), before):
            break
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.3))
    if process.poll() is not None:
        log.close()
        assert process.returncode == 0, (data_dir.parent / log.name).read_text()[-3000:]
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def change_some_files(corpus: Path, rng: random.Random) -> None:
    """Shrink one meeting note, grow another, drop an email, add a meeting: replace, stale-chunk and prune paths."""
    for account in sorted(p for p in corpus.iterdir() if p.is_dir()):
        meetings = sorted((account / "meetings").glob("*.md"))
        shrink, grow = rng.sample(meetings, 2)
        shrink.write_text(shrink.read_text()[: max(200, len(shrink.read_text()) // 4)])
        grow.write_text(grow.read_text() + "\n\n## More\n\n" + meetings[0].read_text())
        (account / "meetings" / f"2026-03-0{rng.randint(1, 9)}-added.md").write_text(
            "# Added\n\nThe renewal moved to April after the board meeting. " * rng.randint(5, 40))
        emails = sorted((account / "emails").glob("*.eml"))
        if emails:
            rng.choice(emails).unlink()


def expected_sources(corpus: Path) -> set[str]:
    expected = set()
    for folder in discover(corpus):
        for file in folder.files:
            try:
                documents = parse_file(file.read_bytes(), file.relative_to(folder.root).as_posix(), folder.account_id)
            except IngestError:
                continue
            expected |= {source_id(folder.account_id, d.identity) for d in documents}
    return expected


def test_killing_ingest_at_random_moments_never_leaves_the_stores_disagreeing(tmp_path, embedder, monkeypatch):
    # only for this test: bench/ingest.py would shadow the ingest package in anything imported later (a child
    # process started by a later test inherits this process's path)
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    from synthetic import write_corpus

    corpus, data_dir = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, accounts=2, docs=12, seed=SEED % 1000)
    rng = random.Random(SEED)
    # Short token windows keep the embedding cheap; consistency does not depend on vector quality.
    env = {**os.environ, "HANDOFF_DATA_DIR": str(data_dir), "HANDOFF_EMBED_MAX_TOKENS": "32"}
    kills = 0
    for round_, stage in enumerate(rng.sample(sorted(WRITE_STAGES), len(WRITE_STAGES))):
        if round_:
            change_some_files(corpus, rng)
        kills += ingest_and_kill(corpus, data_dir, env, stage, rng)
    assert kills >= 2, "most runs were killed mid-ingest"

    finish = subprocess.run([*handoff_command(), "ingest", str(corpus), "--prune"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert finish.returncode == 0, finish.stderr[-2000:]
    context = Context(Settings(data_dir=data_dir), embedder=embedder)
    try:
        check = check_store(context)
        assert [(a.account_id, a.problems) for a in check.accounts if not a.ok] == []
        with context.db.session() as session:
            from sqlalchemy import select

            from assistant.store.tables import SourceRow

            stored = set(session.scalars(select(SourceRow.id)))
        assert stored == expected_sources(corpus)
        assert sum(a.chunks for a in check.accounts) == sum(a.vectors for a in check.accounts) > 0
    finally:
        context.close()
