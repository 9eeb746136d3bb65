"""Every setting handoff reads, in one typed place (``HANDOFF_`` environment variables or a ``.env`` file)."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


LLM_API_THREADS = 40  # requests one API process serves at once when a language model does the work


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HANDOFF_", env_file=".env", extra="ignore")

    data_dir: Path = Path(".handoff")

    # Stores. Empty means the embedded default inside data_dir.
    database_url: str = ""  # e.g. postgresql+psycopg://user@127.0.0.1:5432/handoff
    chroma_url: str = ""  # e.g. http://127.0.0.1:8001 for a Chroma server
    # Requests one API process handles at once; the rest wait their turn, first come first served. 0 chooses: one per
    # core with the offline engine, whose work is CPU-bound Python (more threads only take the GIL from each other,
    # and every request then runs as slowly as all of them together: bench/RESULTS.md, "API threads"); 40 with a
    # language model, where a request mostly waits for the model's reply (anyio's own default pool).
    api_threads: int = Field(default=0, ge=0)
    sql_pool_size: int = 20  # SQL connections a process keeps open (as many more at a peak); mind PostgreSQL's limit

    # Ingest
    max_file_bytes: int = Field(default=25 * 1024 * 1024, description="larger files are refused with a clear error")
    chunk_chars: int = 900
    chunk_overlap_chars: int = 150
    transcript_chunk_chars: int = 600  # consecutive speaker runs grouped up to this size
    # Chunks embedded together (the model sorts them by length, so a big batch wastes little on padding) and
    # written together; a crash loses at most the batches in flight, which the next run redoes.
    ingest_batch_chunks: int = Field(default=1024, ge=1)

    # Embeddings (offline MiniLM by default)
    embed_threads: int = 2
    embed_batch_size: int = 32
    embed_max_tokens: int = 256
    embed_cache_entries: int = 50_000  # vectors of questions and answer sentences kept per process (~80 MB); 0 = off

    # Retrieval
    rrf_k: int = 60
    retrieval_candidates: int = 200  # per method, before fusion; neighbour smoothing needs a deep list
    neighbor_weight: float = 0.6  # how much adjacent matching chunks lift a chunk (0 turns it off)
    neighbor_radius: int = 3

    # Language model: any OpenAI-compatible endpoint. No base URL and no key means the offline extractive engine.
    llm_base_url: str = ""  # e.g. http://127.0.0.1:11434/v1 (Ollama), https://api.openai.com/v1
    llm_api_key: SecretStr = Field(
        default=SecretStr(""), validation_alias=AliasChoices("HANDOFF_LLM_API_KEY", "OPENAI_API_KEY", "llm_api_key")
    )
    llm_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = 60.0
    llm_max_retries: int = 3  # on 429 and 5xx, with exponential backoff
    llm_temperature: float = 0.0
    llm_json_mode: bool = False  # skip strict json_schema and use JSON mode (servers that reject schemas)
    engine: str = ""  # "extractive" or "openai"; empty chooses openai when an endpoint or key is set

    # Questions and answers
    answer_chunks: int = 24  # retrieved chunks the offline engine draws an answer from
    llm_answer_chunks: int = 24  # ... a language model reads, while they fit answer_token_budget (counted exactly)
    answer_chunks_per_source: int = 4  # of either, at most this many from one source (one long meeting)
    answer_token_budget: int = 3500  # a language model's answer prompt
    offline_answer_token_budget: int = 7000  # the offline engine's evidence (it ranks sentences, reads no prompt)

    # Notes and gaps
    section_token_budget: int = 3000  # evidence handed to the engine per note section (at most, for a model)
    # A language model's prompt tokens (characters / 4) for one note: its section calls and the success-criteria
    # judgement together, whatever the size of the account's history. The sections share what the judgement's part
    # leaves, each taking an equal part of what earlier sections left unspent.
    note_token_budget: int = 18_000
    criteria_token_budget: int = 1_500  # the success-criteria judgement's part of the note budget
    drop_unverified_statements: bool = True  # else keep them, marked "confirm"
    stale_relationship_days: int = 90
    unanswered_email_business_days: int = 5
    aging_ticket_days: int = 14

    # Customer emails: nothing leaves without approval; with no SMTP host, approved emails can only be exported
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = True
    email_from: str = ""  # default sender when the outgoing CSM has no email on record

    # HTTP service
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 200 * 1024 * 1024  # one upload (files or a zip), before unpacking
    max_unpacked_bytes: int = 1024 * 1024 * 1024  # what a zip may expand to
    cors_origins: list[str] = Field(default_factory=list)
    job_heartbeat_seconds: float = 10.0  # how often a process touches the background jobs it holds
    job_stale_seconds: float = 120.0  # a queued/running job quiet this long lost its process: reported failed
    # Note drafts run in a child process (started per draft), so a draft never holds the API worker's interpreter
    # lock while users ask questions; off: in a worker thread of the API process (no start-up cost)
    drafts_in_child_process: bool = True

    # Operations: logs, sign-in limits, redaction at ingest (README "Operations")
    log_format: str = "json"  # "json" (one object per line) or "text"
    log_level: str = "INFO"
    auth_max_failures: int = 10  # failed sign-ins from one client (or with one token) before it must wait
    auth_failure_window_seconds: int = 300  # failures older than this are forgotten
    auth_lockout_seconds: int = 300  # how long a client that hit the limit is answered 429
    redact_identifiers: bool = False  # card numbers (Luhn-checked), US SSNs and UK NI numbers masked at ingest

    @property
    def resolved_api_threads(self) -> int:
        if self.api_threads:
            return self.api_threads
        return LLM_API_THREADS if self.uses_llm else os.cpu_count() or 1

    @property
    def uses_llm(self) -> bool:
        if self.engine:
            return self.engine == "openai"
        return bool(self.llm_base_url or self.llm_api_key.get_secret_value())

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'handoff.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


def export_data_dir(data_dir: Path) -> None:
    """Hand the data dir to processes started later (API workers) through the environment they inherit."""
    os.environ["HANDOFF_DATA_DIR"] = str(data_dir.resolve())


PROMETHEUS_MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prometheus_multiproc_dir() -> str:
    """prometheus-client's own variable: set, every worker process writes its metrics there (multiprocess mode)."""
    return os.environ.get(PROMETHEUS_MULTIPROC_ENV, "")


def export_prometheus_multiproc_dir(path: Path) -> None:
    """Before starting several API workers: they inherit it and share their metrics through the folder."""
    os.environ[PROMETHEUS_MULTIPROC_ENV] = str(path.resolve())


def load_settings(data_dir: Path | None = None) -> Settings:
    """Settings from the environment, with ``--data-dir`` taking precedence when given."""
    if data_dir is not None:
        return Settings(data_dir=data_dir)
    return Settings()
