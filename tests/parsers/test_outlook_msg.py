"""Outlook .msg files are emails: read through the same path as .eml, so headers, threads, quoted history,
signatures, forwards and auto-replies come out the same; what is not a readable message is refused with the reason.

The fixtures are written by tests/fixtures/emails/make_msg.py; one thread runs through .eml and .msg files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msg_writer import CC, Attachment, Recipient, Storage, compound_file, message_file

from ingest.dispatch import parse_file, read_as
from ingest.document import SourceType
from ingest.emails import assign_threads
from ingest.errors import IngestError

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "emails" / "outlook"


def read(name: str):
    [document] = parse_file((OUTLOOK / name).read_bytes(), f"emails/{name}", "orchard-line")
    return document


def refusal(data: bytes, path: str = "emails/message.msg") -> str:
    with pytest.raises(IngestError) as caught:
        parse_file(data, path, "orchard-line")
    assert caught.value.path == path
    return caught.value.reason


# --- a message as received: the headers it arrived with --------------------------------------------------------


def test_a_received_message_is_an_email_with_the_identity_and_date_of_its_transport_headers():
    doc = read("2-reply-received.msg")
    assert doc.source_type is SourceType.EMAIL and doc.metadata.format == "msg"
    assert doc.identity == "message-id:orchard-reply-2@mail.orchardline.example"
    assert doc.title == "RE: Orchard Line pilot kickoff"
    assert doc.created_at == datetime(2026, 3, 3, 10, 12, 31, tzinfo=timezone(timedelta(hours=1)))
    assert doc.metadata.sender.label() == "Ines Fallon <ines.fallon@orchardline.example>"
    assert [p.label() for p in doc.metadata.to] == ["Tomas Greer <tomas.greer@ourco.example>"]


def test_a_received_reply_keeps_only_its_new_text_with_signature_and_quoted_history_apart():
    doc = read("2-reply-received.msg")
    assert doc.body.startswith("Hi Tomas,\n\nThe pilot can start on 16 March")
    assert doc.body.endswith("Best,\nInes")
    assert doc.metadata.signature == "Ines Fallon\nHead of Operations | Orchard Line"
    assert (doc.metadata.sender.title, doc.metadata.sender.organization) == ("Head of Operations", "Orchard Line")
    assert doc.metadata.quoted_text.startswith("________________________________\nFrom: Tomas Greer")
    assert "which site should go first" not in doc.body


def test_the_text_body_is_read_rather_than_its_html_twin():
    assert "the HTML twin" not in read("2-reply-received.msg").body


def test_attachments_are_listed_by_long_name_else_short_name_else_display_name():
    assert read("2-reply-received.msg").metadata.attachments == [
        "pilot-sites.xlsx", "SSO.TXT", "Re: Scanner firmware",
    ]  # fmt: skip


def test_msg_and_eml_messages_of_one_conversation_share_one_thread():
    names = ["1-kickoff.eml", "2-reply-received.msg", "3-reply.eml", "4-sent-item.msg"]
    threaded = assign_threads([read(name) for name in names])
    assert [d.metadata.thread_id for d in threaded] == ["kickoff-1@ourco.example"] * 4


# --- a sent item: no transport headers, so headers come from the message's properties ---------------------------


def test_a_sent_item_takes_sender_recipients_date_and_ids_from_its_properties():
    doc = read("4-sent-item.msg")
    meta = doc.metadata
    assert meta.sender.label() == "Tomas Greer <tomas.greer@ourco.example>"  # the SMTP address, not Exchange's
    assert [p.label() for p in meta.to] == ["Ines Fallon <ines.fallon@orchardline.example>"]
    assert [p.label() for p in meta.cc] == ["Priya Lund <priya.lund@orchardline.example>"]
    assert "archive@ourco.example" not in {p.email for p in doc.participants}  # Bcc is no participant
    assert doc.created_at == datetime(2026, 3, 4, 8, 30, tzinfo=UTC)
    assert (meta.message_id, meta.in_reply_to) == ("sent-4@ourco.example", "reply-3@ourco.example")
    assert meta.references == ["kickoff-1@ourco.example", "orchard-reply-2@mail.orchardline.example",
                               "reply-3@ourco.example"]


def test_a_message_sent_on_someones_behalf_is_from_that_person_as_its_eml_would_be():
    properties = {0x0037: "Renewal", 0x1000: "Sent for Ines.",
                  0x0042: "Ines Fallon", 0x5D02: "ines.fallon@orchardline.example",  # sent representing
                  0x0C1A: "Noor Aziz", 0x5D01: "noor@orchardline.example"}  # sender
    [doc] = parse_file(message_file(properties), "emails/m.msg", "orchard-line")
    assert doc.metadata.sender.label() == "Ines Fallon <ines.fallon@orchardline.example>"


def test_a_sent_items_signature_is_separated_as_in_an_eml():
    doc = read("4-sent-item.msg")
    assert doc.body.endswith("Priya joins from your IT team.")
    assert (doc.metadata.sender.title, doc.metadata.sender.organization) == ("Customer Success Manager", "OurCo")


def test_unicode_strings_are_read_whole():
    assert read("4-sent-item.msg").title == "RE: Orchard Line pilot kickoff ✓ Übergabe"


def test_8bit_strings_are_decoded_in_the_messages_code_page():
    doc = read("string8-cp1252.msg")
    assert doc.title == "Résumé of the Dunmore visit – March"
    assert "The café at Dunmore will host the training" in doc.body


# --- bodies stored other ways --------------------------------------------------------------------------------


def test_an_html_only_body_is_read_as_text_without_its_hidden_elements():
    doc = read("html-only.msg")
    assert doc.body == "Hi Tomas,\n\nDunmore is ready for the scanners; Görlitz follows in April.\n\nInes"


def test_a_body_stored_only_as_compressed_rtf_is_read_as_its_text():
    doc = read("rtf-only.msg")
    assert doc.body == "Tomas,\n\nForklift training moved to Friday; the café is booked.\n\nInes"


SIGNED_MIME = (b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; '
               b'boundary="sig"\r\n\r\n--sig\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
               b"The signed purchase order is attached.\r\n--sig\r\nContent-Type: application/pkcs7-signature; "
               b'name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n'
               b"--sig--\r\n")


def test_a_clear_signed_message_without_a_body_of_its_own_is_read_from_its_signed_mime():
    properties = {0x001A: "IPM.Note.SMIME.MultipartSigned", 0x0037: "Purchase order", 0x0C1A: "Ines Fallon",
                  0x5D01: "ines.fallon@orchardline.example"}
    attachment = Attachment("smime.p7m", data=SIGNED_MIME, mime_type="multipart/signed")
    [doc] = parse_file(message_file(properties, [], [attachment]), "emails/signed.msg", "orchard-line")
    assert doc.body == "The signed purchase order is attached."
    assert doc.metadata.attachments == ["smime.p7m"]


def test_an_encrypted_message_is_refused_as_unreadable_without_its_key():
    properties = {0x001A: "IPM.Note.SMIME", 0x0037: "Pricing", 0x0C1A: "Ines Fallon"}
    sealed = Attachment("smime.p7m", data=b"0\x80\x06\t*\x86H\x86\xf7\r\x01\x07\x03",
                        mime_type="application/pkcs7-mime")
    reason = refusal(message_file(properties, [], [sealed]))
    assert reason.startswith("an encrypted or opaque-signed Outlook message (S/MIME)")


def test_an_automatic_reply_is_marked_as_one():
    assert read("automatic-reply.msg").metadata.is_auto_reply
    assert not read("2-reply-received.msg").metadata.is_auto_reply


def test_a_forwarded_message_is_kept_as_content_after_the_note():
    doc = read("forward.msg")
    assert doc.metadata.is_forward
    assert doc.body.startswith("Tomas, see below from our IT lead.")
    assert "Forwarded message from Priya Lund" in doc.body
    assert "The SAML certificate expires on 30 April" in doc.body


def test_the_ingest_report_says_outlook_msg():
    assert read_as([read("2-reply-received.msg")]) == "email (Outlook .msg)"


def test_a_message_with_only_a_subject_is_read_with_an_empty_body():
    doc = parse_file(message_file({0x001A: "IPM.Note", 0x0037: "Call me"}), "emails/m.msg", "orchard-line")[0]
    assert (doc.title, doc.body) == ("Call me", "")


def test_a_meeting_request_is_read_as_the_message_it_is():
    properties = {0x001A: "IPM.Schedule.Meeting.Request", 0x0037: "SSO setup call", 0x1000: "Agenda: SAML."}
    data = message_file(properties, [Recipient("Priya Lund", "priya.lund@orchardline.example", CC)])
    [doc] = parse_file(data, "emails/invite.msg", "orchard-line")
    assert doc.body == "Agenda: SAML." and doc.metadata.cc[0].name == "Priya Lund"


def test_exchanges_banner_line_before_the_transport_headers_is_skipped():
    headers = ("Microsoft Mail Internet Headers Version 2.0\r\n"
               "From: Ines Fallon <ines.fallon@orchardline.example>\r\n"
               "Message-ID: <banner@orchardline.example>\r\n\r\n")
    [doc] = parse_file(message_file({0x007D: headers, 0x1000: "Hello."}), "emails/m.msg", "orchard-line")
    assert doc.metadata.message_id == "banner@orchardline.example"


def test_control_characters_in_transport_headers_are_dropped():
    headers = "From: Ines Fallon <ines.fallon@orchardline.example>\r\nSubject: Site\x07 list\x00\r\n\r\n"
    [doc] = parse_file(message_file({0x007D: headers, 0x1000: "Attached."}), "emails/m.msg", "orchard-line")
    assert doc.title == "Site list" and doc.metadata.sender.name == "Ines Fallon"


# --- files that only look like one ----------------------------------------------------------------------------


def test_an_eml_saved_under_a_msg_name_is_read_as_the_email_it_is():
    [doc] = parse_file((OUTLOOK / "1-kickoff.eml").read_bytes(), "emails/kickoff.msg", "orchard-line")
    assert doc.metadata.message_id == "kickoff-1@ourco.example"


def test_an_outlook_message_without_a_file_extension_is_recognised_by_its_content():
    [doc] = parse_file((OUTLOOK / "4-sent-item.msg").read_bytes(), "emails/sent-item", "orchard-line")
    assert doc.metadata.format == "msg"


def test_a_file_that_is_not_a_compound_file_is_refused():
    reason = refusal(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert reason.startswith("not an Outlook .msg file") and "Outlook Message Format" in reason


@pytest.mark.parametrize("length", [600, 1536, 2560, 4096])
def test_a_cut_short_msg_is_refused_as_damaged(length):
    reason = refusal((OUTLOOK / "2-reply-received.msg").read_bytes()[:length])
    assert "cut short" in reason or "damaged" in reason


def test_a_defect_that_loses_no_data_does_not_stop_the_message_being_read():
    data = bytearray((OUTLOOK / "4-sent-item.msg").read_bytes())
    entry = data.index("__substg1.0_00020102".encode("utf-16-le"))  # an empty stream of the named-property map
    data[entry + 116 : entry + 120] = bytes(4)  # its start sector 0, where MS-CFB asks for ENDOFCHAIN
    [doc] = parse_file(bytes(data), "emails/m.msg", "orchard-line")
    assert doc.metadata.message_id == "sent-4@ourco.example"


def test_a_word_document_renamed_msg_is_refused_as_not_a_message():
    word = compound_file(Storage("Root Entry", streams={"WordDocument": b"\xec\xa5\xc1\x00" + bytes(600),
                                                        "1Table": bytes(100)}))
    assert "not an Outlook message" in refusal(word)


def test_a_message_with_nothing_saying_what_it_is_is_refused():
    reason = refusal(message_file({0x001A: "IPM.Note", 0x1000: "Body of a draft never addressed."}))
    assert reason.startswith("an Outlook message with no sender, recipient, date, subject or Message-ID")


def test_an_outlook_contact_saved_as_msg_is_refused_as_not_a_message():
    reason = refusal(message_file({0x001A: "IPM.Contact", 0x3001: "Ines Fallon", 0x0037: "Ines Fallon"}))
    assert reason.startswith("an Outlook contact (IPM.Contact), not a message")


def test_a_property_that_cannot_be_decoded_is_refused_as_damage():
    data = bytearray(message_file({0x001A: "IPM.Note", 0x0037: "Hi"}))
    at = data.index("Hi".encode("utf-16-le"))
    data[at : at + 4] = b"\x00\xd8\x00\xd8"  # two high surrogates: no UTF-16 text
    assert "damaged" in refusal(bytes(data))
