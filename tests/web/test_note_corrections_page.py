"""On the account page the outgoing CSM corrects the note in place: edits a statement, confirms one, removes one,
adds one; each shows at once, marked with who decided; the incoming CSM sees the marks but no forms."""

from __future__ import annotations

import re
from datetime import date

from assistant.account.ingest import ingest_path
from assistant.notes.service import generate_note
from web_support import EXAMPLES, FERNHILL

PAGE = f"/accounts/{FERNHILL}"
AS_OF = date(2026, 2, 6)


def _statement_ids(page: str) -> list[str]:
    return re.findall(r'<li id="st-(s[0-9a-f]{10}(?:-\d+)?)"', page)


def _post(web, who: str, path: str, **data):
    return web(who).post(f"/accounts/{FERNHILL}/note/{path}", follow_redirects=False,
                         data={"csrf_token": web.csrf(who), **data})


def test_the_outgoing_csm_edits_and_confirms_a_statement_in_place(web):
    generate_note(web.context, FERNHILL, AS_OF)
    first = _statement_ids(web("nadia").get(PAGE).text)[0]

    edited = _post(web, "nadia", f"statements/{first}/edit", text="Margit Lund signs the renewal in March.")
    confirmed = _post(web, "nadia", f"statements/{first}/confirm")

    assert edited.status_code == 303 and edited.headers["location"].endswith(f"#st-{first}")
    assert confirmed.status_code == 303
    page = web("nadia").get(PAGE).text
    item = page[page.index(f'<li id="st-{first}"'):]
    item = item[:item.index("</li>")]
    assert "Margit Lund signs the renewal in March." in item and "edited and confirmed by Nadia Voss" in item
    assert "corrected by Nadia Voss" in page


def test_removing_a_statement_takes_it_off_the_page_and_adding_one_puts_it_in_its_section(web):
    generate_note(web.context, FERNHILL, AS_OF)
    first = _statement_ids(web("nadia").get(PAGE).text)[0]

    _post(web, "nadia", f"statements/{first}/remove")
    added = _post(web, "nadia", "sections/risks/statements", text="Their CFO questions the sensors budget.",
                  citations="")

    assert added.status_code == 303 and added.headers["location"].endswith("#sec-risks")
    page = web("nadia").get(PAGE).text
    assert f'id="st-{first}"' not in page
    risks = page[page.index('id="sec-risks"'):]
    assert "Their CFO questions the sensors budget." in risks[:risks.index("<h3")]
    assert "added and confirmed by Nadia Voss" in risks and "debrief/note-a" in risks


def test_the_incoming_csm_sees_the_marks_but_no_forms_and_may_not_post(web):
    generate_note(web.context, FERNHILL, AS_OF)
    first = _statement_ids(web("nadia").get(PAGE).text)[0]
    _post(web, "nadia", f"statements/{first}/confirm")

    page = web("elliot").get(PAGE).text

    assert "confirmed by Nadia Voss" in page and "/note/statements/" not in page and "Add a statement" not in page
    assert _post(web, "elliot", f"statements/{first}/edit", text="not mine").status_code == 403


def test_a_blank_edit_is_refused_and_changes_nothing(web):
    generate_note(web.context, FERNHILL, AS_OF)
    first = _statement_ids(web("nadia").get(PAGE).text)[0]

    refused = _post(web, "nadia", f"statements/{first}/edit", text="   ")

    assert refused.status_code == 400 and "may not be empty" in refused.text
    assert "corrected by" not in web("nadia").get(PAGE).text


def test_an_edit_whose_sources_changed_is_offered_keep_or_take_the_draft(web, tmp_path):
    note = generate_note(web.context, FERNHILL, AS_OF)
    target, cited = next((s, c) for section in note.sections for s in section.statements for c in s.citations[:1]
                         if c.source.startswith("emails/") and c.quote in (EXAMPLES / FERNHILL / c.source).read_text())
    _post(web, "nadia", f"statements/{target.id}/edit", text="My own wording of it.")
    changed = tmp_path / "more" / FERNHILL / cited.source
    changed.parent.mkdir(parents=True)
    changed.write_text((EXAMPLES / FERNHILL / cited.source).read_text().replace(cited.quote, "Something else now."))
    ingest_path(web.context, tmp_path / "more" / FERNHILL, FERNHILL)
    generate_note(web.context, FERNHILL, AS_OF)

    page = web("nadia").get(PAGE).text
    item = page[page.index(f'<li id="st-{target.id}"'):]
    item = item[:item.index("</li>")]
    assert "Sources changed since your edit" in item and "My own wording of it." in item
    assert "Keep my edit" in item and ("Take the new draft" in item or "Remove it" in item)

    kept = _post(web, "nadia", f"statements/{target.id}/keep")
    assert kept.status_code == 303
    after = web("nadia").get(PAGE).text
    item = after[after.index(f'<li id="st-{target.id}"'):]
    assert "My own wording of it." in item[:item.index("</li>")] and "Sources changed" not in item[:item.index("</li>")]
