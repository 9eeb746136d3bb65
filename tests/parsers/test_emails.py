"""The email parser: .eml / mbox bytes in, one Document per message with only the new text indexed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.crm import parse_crm_json
from ingest.document import SourceType
from ingest.dispatch import parse_file
from ingest.emails import assign_threads, parse_eml, parse_mbox
from ingest.errors import IngestError

QUOTE_LINE = re.compile(r"^\s*>|^\s*On\b.*wrote:\s*$", re.MULTILINE)


@pytest.fixture
def emails_dir(fixtures_dir) -> Path:
    return fixtures_dir / "emails"


def parse(emails_dir: Path, name: str):
    return parse_eml((emails_dir / name).read_bytes(), f"emails/{name}", "acme")


# --- headers and identity -------------------------------------------------------------------------------------


def test_message_becomes_email_document_with_message_id_identity(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    assert doc.source_type is SourceType.EMAIL
    assert doc.identity == "message-id:CAreply-002@mail.example.com"
    assert doc.metadata.message_id == "CAreply-002@mail.example.com"
    assert doc.title == "Re: Insights add-on pricing"
    assert doc.metadata.subject == "Re: Insights add-on pricing"


def test_date_header_becomes_aware_datetime(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    assert doc.created_at == datetime(2026, 3, 10, 11, 5, tzinfo=timezone(timedelta(hours=-6)))


def test_date_without_zone_is_taken_as_utc(emails_dir):
    doc = parse(emails_dir, "no_message_id.eml")
    assert doc.created_at == datetime(2025, 10, 6, 10, 0, tzinfo=UTC)


def test_missing_message_id_falls_back_to_path_identity_and_hashed_id(emails_dir):
    doc = parse(emails_dir, "no_message_id.eml")
    again = parse(emails_dir, "no_message_id.eml")
    assert doc.identity == "path:emails/no_message_id.eml"
    assert doc.metadata.message_id.startswith("sha256-")
    assert doc.metadata.message_id == again.metadata.message_id
    assert doc.title == "(no subject)"


def test_participants_are_sender_to_and_cc_deduplicated_by_email(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    assert [p.email for p in doc.participants] == [
        "jane@examplecorp.test", "mira@ourco.example", "theo@ourco.example", "john@examplecorp.test",
    ]  # fmt: skip
    assert doc.authors[0].email == "jane@examplecorp.test"
    assert [p.email for p in doc.metadata.cc] == ["john@examplecorp.test", "mira@ourco.example"]


def test_references_in_reply_to_and_thread_root_come_from_headers(emails_dir):
    meta = parse(emails_dir, "gmail_reply.eml").metadata
    assert meta.in_reply_to == "CAroot-001@mail.example.com"
    assert meta.references == ["CAroot-001@mail.example.com"]
    assert meta.thread_id == "CAroot-001@mail.example.com"


def test_message_without_parents_is_its_own_thread_root(emails_dir):
    meta = parse(emails_dir, "html_only.eml").metadata
    assert meta.thread_id == meta.message_id == "html-only-1@mail.example.com"


def test_exchange_sender_name_comes_from_x_from_in_first_last_order(emails_dir):
    sender = parse(emails_dir, "original_message_reply.eml").metadata.sender
    assert sender.email == "k..allen@enron.example"
    assert sender.name == "Phillip K. Allen"


def test_one_unit_holds_the_new_text_with_speaker_date_and_subject(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    [unit] = doc.units
    assert unit.text == doc.body
    assert unit.speaker == "Jane Roe"
    assert unit.at == doc.created_at
    assert unit.heading == "Re: Insights add-on pricing"


# --- reply, quote and signature separation -----------------------------------------------------------------------


def test_gmail_quoted_history_is_moved_out_of_the_body(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    assert "Pricing works for us" in doc.body
    assert not QUOTE_LINE.search(doc.body)
    assert "lists at $24,000/yr" not in doc.body
    assert doc.metadata.quoted_text.startswith("On Mon, Mar 9, 2026")
    assert "> The Insights add-on lists at $24,000/yr." in doc.metadata.quoted_text


def test_outlook_separator_block_is_quoted_history(emails_dir):
    doc = parse(emails_dir, "outlook_reply.eml")
    assert "depot-level numbers" in doc.body
    assert "here is the recap" not in doc.body
    assert doc.metadata.quoted_text.startswith("________________________________\nFrom: Sam Ortiz")


def test_a_localized_outlook_reply_header_starts_the_quoted_history(emails_dir):
    doc = parse(emails_dir, "outlook_reply_dutch.eml")
    assert doc.body == ("Sam,\n\nAgreed, we start on the 12th. Please send the invitations to the team leads."
                        "\n\nErika")
    assert doc.metadata.quoted_text.startswith("-----Oorspronkelijk bericht-----\nVan: Sam Ortiz")
    assert "Attached is the onboarding plan" in doc.metadata.quoted_text
    sender = doc.metadata.sender
    assert (sender.title, sender.organization) == ("COO", "Example Corp B.V.")


@pytest.mark.parametrize(
    "header",
    [
        "Von: Sam Ortiz <sam@ourco.example>\nGesendet: Montag, 2. März 2026 14:03\n"
        "An: Jane Roe <jane@examplecorp.test>\nBetreff: Plan",
        "De : Sam Ortiz <sam@ourco.example>\nEnvoyé : lundi 2 mars 2026 14:03\n"
        "À : Jane Roe <jane@examplecorp.test>\nObjet : Plan",
    ],
)
def test_outlook_reply_headers_in_other_languages_start_the_quoted_history(header):
    raw = (f"From: Jane Roe <jane@examplecorp.test>\nSubject: RE: Plan\nContent-Type: text/plain; charset=utf-8"
           f"\n\nFine by me.\n\n________________________________\n{header}\n\nHere is the plan.\n").encode()
    doc = parse_eml(raw, "emails/p.eml", "acme")
    assert doc.body == "Fine by me."
    assert "Here is the plan." in doc.metadata.quoted_text


def test_original_message_block_is_quoted_history(emails_dir):
    doc = parse(emails_dir, "original_message_reply.eml")
    assert doc.body == "I like the cedar version better."
    assert "half the price" in doc.metadata.quoted_text


def test_sign_off_signature_is_separated_and_gives_title_and_organization(emails_dir):
    doc = parse(emails_dir, "gmail_reply.eml")
    assert doc.body.endswith("Thanks,\nJane")
    assert doc.metadata.signature.startswith("Jane Roe\nVP Product | Example Corp")
    sender = doc.metadata.sender
    assert (sender.title, sender.organization) == ("VP Product", "Example Corp")


def test_title_and_organization_on_separate_lines_are_extracted(emails_dir):
    sender = parse(emails_dir, "outlook_reply.eml").metadata.sender
    assert (sender.title, sender.organization) == ("Director of Operations", "Acme Corp")


def test_a_title_with_a_comma_before_the_pipe_is_kept_whole(emails_dir):
    sender = parse(emails_dir, "signature_title_with_comma.eml").metadata.sender
    assert (sender.name, sender.title) == ("Theo Brandt", "Account Executive, Mid-Market")
    assert sender.organization == "OurCo"


def test_the_organization_line_is_preferred_over_a_department_line(emails_dir):
    doc = parse(emails_dir, "signature_organization_lines.eml")
    sender = doc.metadata.sender
    assert (sender.name, sender.title) == ("Richard Roe", "Security Compliance Officer")  # ", CISA" is not a name
    assert sender.organization == "Example Valley School District"
    assert doc.body.endswith("Regards,")


def test_dash_dash_delimiter_starts_the_signature(emails_dir):
    doc = parse(emails_dir, "forward_gmail.eml")
    assert "Account Executive, Mid-Market | OurCo" in doc.body  # forwarded signature is content
    reply = parse_eml(b"From: A B <a@x.example>\nSubject: s\n\nSee you then.\n\n-- \nA B\nCTO | X Co\n", "p", "acme")
    assert reply.body == "See you then."
    assert reply.metadata.signature == "--\nA B\nCTO | X Co"
    assert reply.metadata.sender.title == "CTO"


def test_legal_disclaimer_is_moved_into_the_signature(emails_dir):
    doc = parse(emails_dir, "outlook_reply.eml")
    assert "CONFIDENTIALITY NOTICE" not in doc.body
    assert "CONFIDENTIALITY NOTICE" in doc.metadata.signature


def test_message_that_is_only_a_quote_keeps_the_quote_as_its_text():
    data = b"From: m@x.example\nSubject: RE: concrete stain\n\n> We used acid stain.\n>\n> Matt\n"
    doc = parse_eml(data, "p", "acme")
    assert doc.body == "We used acid stain.\n\nMatt"


# --- forwards -----------------------------------------------------------------------------------------------------


def test_forwarded_message_is_indexed_after_the_note_and_marked(emails_dir):
    doc = parse(emails_dir, "forward_gmail.eml")
    assert doc.metadata.is_forward
    assert doc.body.startswith("Alex - over to you now")
    assert "Forwarded message from Theo Brandt <theo@ourco.example> (Wed, Mar 11, 2026 at 8:15 AM)" in doc.body
    assert "lists at $24,000/yr with 10% off" in doc.body


def test_quoted_history_inside_a_forward_stays_out_of_the_body(emails_dir):
    doc = parse(emails_dir, "forward_gmail.eml")
    assert not QUOTE_LINE.search(doc.body)
    assert "How much is the Insights add-on" in doc.metadata.quoted_text


def test_begin_forwarded_message_marker_is_a_forward(emails_dir):
    doc = parse(emails_dir, "forward_apple.eml")
    assert doc.metadata.is_forward
    assert "Forwarded message from Dana Whitfield <dana@acme.example>" in doc.body
    assert "renewal date is March 31, 2026" in doc.body


def test_reply_is_not_a_forward(emails_dir):
    assert not parse(emails_dir, "gmail_reply.eml").metadata.is_forward


# --- MIME -----------------------------------------------------------------------------------------------------------


def test_multipart_alternative_prefers_the_plain_text_part(emails_dir):
    assert parse(emails_dir, "alternative.eml").body == "Plain part: adoption is at 75% of seats."


def test_html_only_message_becomes_clean_text(emails_dir):
    body = parse(emails_dir, "html_only.eml").body
    assert "track(" not in body and "alert(" not in body and "color: red" not in body
    assert "Renewal is June 30 & the 4% uplift cap applies.\nUsage report by Nov 14." in body
    assert "- Route planner live in 9 depots\n- 84 active users" in body
    assert body.startswith("Hi Dana,\n\nRenewal")


def test_html_blockquote_is_treated_as_quoted_history(emails_dir):
    doc = parse(emails_dir, "html_only.eml")
    assert "keep the recap short" not in doc.body
    assert "> Please keep the recap short." in doc.metadata.quoted_text


def test_nested_multipart_finds_the_text_and_lists_attachments(emails_dir):
    doc = parse(emails_dir, "nested_with_attachment.eml")
    assert doc.body == "PO 3100-0042 for $8,500.00 is attached."
    assert doc.metadata.attachments == ["logo.png", "PO_3100-0042.pdf", "seats.csv"]


def test_unknown_charset_decodes_with_a_fallback(emails_dir):
    doc = parse(emails_dir, "unknown_charset.eml")
    assert doc.body == "The café invoice for £120 is attached."


def test_wrong_charset_decodes_with_a_fallback(emails_dir):
    assert parse(emails_dir, "wrong_charset.eml").body == "We’ll pay the €500 fee – thanks."


def test_truncated_mime_keeps_what_arrived(emails_dir):
    doc = parse(emails_dir, "truncated_mime.eml")
    assert doc.body == "The nightly export failed at 03:40 CT. I opened urgent ticket 6120."
    assert doc.metadata.attachments == ["log.pdf"]


# --- auto-replies -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["auto_reply_header.eml", "auto_reply_x_autoreply.eml", "auto_reply_subject.eml"])
def test_auto_replies_are_flagged(emails_dir, name):
    assert parse(emails_dir, name).metadata.is_auto_reply


def test_auto_submitted_no_and_bulk_precedence_are_not_auto_replies(emails_dir):
    assert not parse(emails_dir, "not_auto_submitted.eml").metadata.is_auto_reply


@pytest.mark.parametrize(
    "subject",
    ["Out of Office: Re: Insights add-on pricing", "Out of office (Mar 16 - Mar 23) Re: Insights add-on pricing",
     "Automatic reply: RE: Onboarding plan", "Auto-Reply: Order form signed"],
)
def test_auto_reply_subject_shapes_are_flagged_without_any_header(subject):
    raw = f"From: Theo Brandt <theo@ourco.example>\nSubject: {subject}\n\nI am away this week.\n".encode()
    assert parse_eml(raw, "emails/ooo.eml", "acme").metadata.is_auto_reply


@pytest.mark.parametrize(
    "subject",
    ["Re: Out of office coverage while Theo is away", "Question about automatic reply rules", "Re: Plan"],
)
def test_a_human_message_that_mentions_an_absence_is_not_an_auto_reply(subject):
    raw = f"From: Jane Roe <jane@examplecorp.test>\nSubject: {subject}\n\nWho covers for Theo?\n".encode()
    assert not parse_eml(raw, "emails/human.eml", "acme").metadata.is_auto_reply


# --- duplicates ----------------------------------------------------------------------------------------------


def test_two_files_of_one_message_share_an_identity(emails_dir):
    first = parse(emails_dir, "duplicate_first.eml")
    copy = parse(emails_dir, "duplicate_second_copy.eml")
    assert first.identity == copy.identity == "message-id:order-77@examplecorp.test"
    assert first.source_path != copy.source_path


# --- bad input ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.eml", "empty"), ("binary_junk.eml", "binary"), ("not_an_email.eml", "no email headers")],
)
def test_unreadable_files_raise_ingest_error_with_a_reason(emails_dir, name, reason):
    with pytest.raises(IngestError) as error:
        parse(emails_dir, name)
    assert reason in error.value.reason
    assert error.value.path == f"emails/{name}"


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe" * 50, b"From: \n\n", b"Content-Type: multipart/mixed; boundary=\n\n--\n", b"Date: not a date\n\nx"],
)
def test_odd_input_never_raises_anything_but_ingest_error(data):
    try:
        parse_eml(data, "p", "acme")
    except IngestError:
        pass


# --- mbox -----------------------------------------------------------------------------------------------------------


def test_mbox_gives_one_document_per_message_and_skips_the_malformed_one(emails_dir):
    docs = parse_mbox((emails_dir / "mailbox.mbox").read_bytes(), "emails/mailbox.mbox", "acme")
    assert [d.source_path for d in docs] == ["emails/mailbox.mbox#1", "emails/mailbox.mbox#3"]
    assert [d.metadata.format for d in docs] == ["mbox", "mbox"]
    assert docs[1].body == "Looks good.\nFrom the team: see you Thursday."  # mbox's ">From " escape undone


def test_mbox_without_any_readable_message_raises(emails_dir):
    with pytest.raises(IngestError, match="none of the 1 messages"):
        parse_mbox((emails_dir / "junk.mbox").read_bytes(), "emails/junk.mbox", "acme")


def test_file_that_is_not_an_mbox_raises(emails_dir):
    with pytest.raises(IngestError, match="not an mbox"):
        parse_mbox((emails_dir / "gmail_reply.eml").read_bytes(), "emails/x.mbox", "acme")


# --- threads ----------------------------------------------------------------------------------------------------------


def test_assign_threads_follows_in_reply_to_chains_to_the_root(emails_dir):
    docs = [parse_eml(p.read_bytes(), p.name, "acme") for p in sorted((emails_dir / "threads").glob("*.eml"))]
    assert docs[2].metadata.thread_id == "reply@acme.example"  # headers alone only know the parent
    threaded = assign_threads(docs)
    assert {d.metadata.thread_id for d in threaded} == {"root@ourco.example"}
    assert docs[2].metadata.thread_id == "reply@acme.example"  # inputs are not changed


def test_assign_threads_keeps_unrelated_messages_apart(emails_dir):
    docs = [parse(emails_dir, "gmail_reply.eml"), parse(emails_dir, "outlook_reply.eml")]
    assert [d.metadata.thread_id for d in assign_threads(docs)] == ["CAroot-001@mail.example.com", "QBR-100@ourco.example"]


# --- the shared evaluation data ------------------------------------------------------------------------------------


def golden_emails(golden_accounts: Path):
    return sorted(golden_accounts.glob("*/emails/*.eml"))


def parse_golden(golden_accounts: Path, path: Path):
    return parse_eml(path.read_bytes(), str(path.relative_to(golden_accounts)), path.parts[-3])


def test_every_golden_email_parses_without_quoted_history_in_the_body(golden_accounts):
    paths = golden_emails(golden_accounts)
    assert paths
    for path in paths:
        doc = parse_golden(golden_accounts, path)
        assert doc.body, path
        assert not QUOTE_LINE.search(doc.body), path


def golden_threads(golden_accounts: Path):
    """Each golden account's parsed messages (its folder name, then the documents)."""
    for folder in sorted(p for p in golden_accounts.iterdir() if (p / "emails").is_dir()):
        yield folder.name, [parse_golden(golden_accounts, path) for path in sorted(folder.glob("emails/*.eml"))]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if len(part.strip()) >= 40]


def test_no_golden_reply_repeats_the_message_it_answers(golden_accounts):
    """Quoted history in any layout or language stays out of the body: a reply's body holds no paragraph of the
    message it answers (forwards excepted: they keep the forwarded text on purpose)."""
    checked = 0
    for _, docs in golden_threads(golden_accounts):
        by_id = {doc.metadata.message_id: doc for doc in docs}
        for doc in docs:
            parent = by_id.get(doc.metadata.in_reply_to or "")
            if parent is None or doc.metadata.is_forward:
                continue
            checked += 1
            repeated = [p for p in _paragraphs(parent.body) if p in doc.body]
            assert not repeated, f"{doc.source_path} repeats {parent.source_path}: {repeated[0][:80]!r}"
    assert checked, "no golden reply whose parent is in the set"


def test_no_golden_message_that_someone_answered_is_flagged_as_an_auto_reply(golden_accounts):
    flagged = 0
    for _, docs in golden_threads(golden_accounts):
        answered = {doc.metadata.in_reply_to for doc in docs if not doc.metadata.is_auto_reply}
        for doc in docs:
            if doc.metadata.is_auto_reply:
                flagged += 1
                assert doc.metadata.message_id not in answered, f"{doc.source_path} got a human reply"
    assert flagged, "the golden set's out-of-office replies were not recognised"


def test_golden_titles_and_organizations_come_from_the_senders_signature(golden_accounts):
    for _, docs in golden_threads(golden_accounts):
        for doc in docs:
            sender, signature = doc.metadata.sender, doc.metadata.signature
            for value in filter(None, (sender.title, sender.organization)):
                assert value in signature, f"{doc.source_path}: {value!r} is not in the signature"
                assert "\n" not in value and "@" not in value and "http" not in value, doc.source_path


def test_a_title_the_crm_records_is_read_from_a_golden_signature_that_carries_it(golden_accounts):
    """The CRM is an independent record of people's titles: when the sender's signature shows the title the CRM
    gives them, the parser reads that title."""
    checked = 0
    for account, docs in golden_threads(golden_accounts):
        record = parse_crm_json((golden_accounts / account / "crm.json").read_bytes(), "crm.json", account)
        crm = record.metadata.record
        people = [p for p in (crm.primary_contact, crm.executive_sponsor, *(crm.contacts or [])) if p]
        titles = {p.email.lower(): p.title for p in people if p.email and p.title}
        for doc in docs:
            title = titles.get((doc.metadata.sender.email or "").lower())
            if title and title in doc.metadata.signature.split("\n\n")[0]:
                checked += 1
                assert doc.metadata.sender.title == title, doc.source_path
    assert checked, "no golden signature carries a title the CRM records"


def test_golden_files_of_one_message_share_an_identity_and_other_messages_do_not(golden_accounts):
    duplicates = 0
    for _, docs in golden_threads(golden_accounts):
        by_message_id: dict[str, set[str]] = {}
        for doc in docs:
            by_message_id.setdefault(doc.metadata.message_id, set()).add(doc.identity)
        assert all(len(identities) == 1 for identities in by_message_id.values())
        assert len({doc.identity for doc in docs}) == len(by_message_id)
        duplicates += len(docs) - len(by_message_id)
    assert duplicates, "the golden set's duplicate messages were not seen"


def test_a_golden_message_sent_as_a_forward_is_marked_and_keeps_the_forwarded_text(golden_accounts):
    forwards = 0
    for _, docs in golden_threads(golden_accounts):
        for doc in docs:
            if re.match(r"^\s*(fwd?|fw)\s*:", doc.metadata.subject or "", re.IGNORECASE):
                forwards += 1
                assert doc.metadata.is_forward, doc.source_path
                assert "Forwarded message from" in doc.body, doc.source_path
    assert forwards, "no golden forward"


def test_every_enron_message_parses_without_quoted_history_in_the_body(shared_eval):
    paths = sorted((shared_eval / "public" / "enron_mailbox_threads" / "dev").glob("*/*.eml"))
    if not paths:
        pytest.skip("Enron dev threads not present in the shared eval data")
    for path in paths:
        doc = parse_eml(path.read_bytes(), path.name, "enron")
        assert not QUOTE_LINE.search(doc.body), path
    threaded = assign_threads([parse_eml(p.read_bytes(), p.name, "enron") for p in paths])
    assert len(threaded) == len(paths)


def test_a_legal_disclaimer_under_the_signature_is_not_taken_for_the_organization():
    raw = (
        b"From: Margit Solheim <margit@creamery.example>\nTo: nadia@vendor.example\nSubject: Re: terms\n"
        b"Date: Wed, 19 Mar 2025 10:00:00 -0500\nMessage-ID: <d1@creamery.example>\n\n"
        b"The terms are acceptable.\n\nRegards,\nMargit\n\nMargit Solheim\nChief Operating Officer\n"
        b"Creamery Cooperative\nN4127 County Road K, Ashby, WI\n\n"
        b"This message and any attachments are confidential and intended solely for the addressee. If you have "
        b"received it in\nerror, please notify the sender and delete it. Creamery Cooperative accepts no liability "
        b"for any damage\ncaused by this e-mail.\n"
    )
    sender = parse_eml(raw, "emails/d1.eml", "acme").metadata.sender
    assert sender.title == "Chief Operating Officer"
    assert sender.organization == "Creamery Cooperative"


APPLE_MAIL_MESSAGE = (b"From: Tomas Greer <tomas@orchardline.example>\nTo: Elena Marsh <elena.marsh@vendor.example>\n"
                      b"Subject: Seat count\nDate: Tue, 03 Feb 2026 09:12:00 +0100\nMessage-ID: <emlx-1@orchardline.example>\n"
                      b"\nWe are at 240 seats now, not 200.\n")


def test_an_apple_mail_emlx_is_the_message_without_mails_property_list():
    plist = b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>flags</key><integer>8590195713</integer></dict></plist>\n'
    data = str(len(APPLE_MAIL_MESSAGE)).encode() + b"\n" + APPLE_MAIL_MESSAGE + plist

    [document] = parse_file(data, "emails/12345.emlx", "orchard-line")

    assert document.source_type is SourceType.EMAIL and document.title == "Seat count"
    assert "240 seats" in document.body and "plist" not in document.body
    assert document.metadata.message_id == "emlx-1@orchardline.example"


def test_a_truncated_emlx_is_refused_with_its_byte_counts():
    data = b"5000\n" + APPLE_MAIL_MESSAGE
    with pytest.raises(IngestError, match="cut short"):
        parse_file(data, "emails/12345.emlx", "orchard-line")
