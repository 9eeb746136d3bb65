"""Starting the two kinds of background job, the same way for the API and the web pages: ingesting an upload and
drafting a note (with gaps and debrief)."""

from __future__ import annotations

from datetime import date

from assistant.access.rules import WRITERS, require_role
from assistant.access.audit import record
from assistant.platform.context import Context
from assistant.account.ingest import ingest_path
from assistant.platform.jobs import Job, JobRunner, Progress
from assistant.pack.assemble import build_pack
from assistant.indexing.uploads import UploadedFile, account_folder, save_uploads
from assistant.access.users import assign_self

NOTE_STEPS = 12  # the note's sections and the gap report, for the progress bar


def start_ingest(context: Context, jobs: JobRunner, account_id: str, uploads: list[UploadedFile]) -> Job:
    """Save the uploaded files (or zip) into the account's folder and ingest it in the background."""
    require_role(context.principal, *WRITERS)
    assign_self(context, account_id)  # a new account belongs to whoever uploads it; an existing one is checked
    written = save_uploads(context, account_id, uploads)
    record(context, "sources.upload", account_id, detail={"files": written[:50], "count": len(written)})
    folder = account_folder(context, account_id)

    def work(progress) -> dict:
        progress.set_total(len(list(p for p in folder.rglob("*") if p.is_file())))
        report = ingest_path(context, folder, account_id, on_file=progress.advance)
        return report.accounts[0].model_dump(mode="json")

    return jobs.submit(context, "ingest", account_id, work)


def start_note(context: Context, jobs: JobRunner, account_id: str, as_of: date) -> Job:
    """Draft a new note version, with its gaps and debrief agenda, in the background."""
    require_role(context.principal, *WRITERS)
    context.account_access(account_id)

    if context.settings.drafts_in_child_process:
        return jobs.submit_in_child(context, "note", account_id, draft_note, account_id, as_of)
    return jobs.submit(context, "note", account_id, lambda progress: draft_note(context, progress, account_id, as_of))


def draft_note(context: Context, progress: Progress, account_id: str, as_of: date) -> dict:
    """The note job's work: the pack (note, gaps, debrief agenda), a step per section."""
    progress.set_total(NOTE_STEPS)
    pack = build_pack(context, account_id, as_of, on_section=lambda key: progress.advance(f"section {key}"))
    return {"version": pack.note.version, "gaps": len(pack.gaps), "debrief_questions": len(pack.debrief)}
