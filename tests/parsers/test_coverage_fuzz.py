"""A bounded coverage-guided fuzzing session (atheris) over every parser, seeded with the fixture files: no input may
make a parser raise anything but an IngestError naming the file. Longer sessions: tests/fuzz/fuzz_parsers.py."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
HARNESS = TESTS / "fuzz" / "fuzz_parsers.py"
# A fixed seed and number of runs make the session the same on every machine (a finding reproduces); the time bound
# only guards a very slow machine. HANDOFF_FUZZ_SEED=0 asks libFuzzer for a random seed.
RUNS = int(os.environ.get("HANDOFF_FUZZ_RUNS", "30000"))
SEED = int(os.environ.get("HANDOFF_FUZZ_SEED", "20261204"))
SECONDS = 120


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                    reason="atheris is not installed (the test extra installs it on Linux x86_64, CPython < 3.13)")
def test_no_input_makes_a_parser_fail_other_than_with_a_reasoned_error(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(HARNESS.parent))  # for this test only: later tests' child processes inherit it
    from fuzz_parsers import path_for

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = [p for p in (TESTS / "fixtures").rglob("*") if p.is_file() and p.suffix != ".py"]
    for number, seed in enumerate(seeds):
        data = seed.read_bytes()[:16_384]
        (corpus / f"seed-{number}").write_bytes(bytes([path_for(seed.suffix.lower())]) + data)

    run = subprocess.run(
        [sys.executable, str(HARNESS), str(corpus), f"-runs={RUNS}", f"-seed={SEED}", f"-max_total_time={SECONDS}",
         "-max_len=16384", "-timeout=20", "-rss_limit_mb=0", f"-artifact_prefix={tmp_path}/"],
        cwd=TESTS.parent, capture_output=True, text=True, timeout=SECONDS + 240,
        env={**os.environ, "HANDOFF_FUZZ_MEMORY_MB": "8192"},  # the memory bound; see fuzz_parsers._limit_memory
    )

    findings = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert run.returncode == 0 and not findings, f"{findings}\n{run.stderr[-4000:]}"
    assert "Done" in run.stderr, run.stderr[-2000:]  # libFuzzer ends a clean session with "Done N runs"
