"""The HTML note escapes what documents said: statement text, quotes and source names are data, never markup."""

from __future__ import annotations

from datetime import date

from assistant.models import Citation, Section, Statement, TransitionNote
from assistant.notes.render import render_html, render_markdown

ATTACK = '<script>alert("owned")</script><img src=x onerror=alert(1)>'


def _note() -> TransitionNote:
    citation = Citation(chunk_id="s1:0", source="emails/<b>x</b>.eml", quote=ATTACK)
    statement = Statement(text=f"Renewal is due. {ATTACK}", citations=[citation])
    return TransitionNote(account_id="tiny-co", as_of=date(2026, 2, 6), engine="extractive", model="none",
                          sections=[Section(key="summary", title="Summary", statements=[statement])])


def test_the_html_note_escapes_markup_in_statements_quotes_sources_and_the_account_name():
    html = render_html(_note(), "Tiny <i>Co</i>")

    assert "<script>" not in html and "<img" not in html and "<b>x</b>" not in html and "<i>Co</i>" not in html
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in html
    assert "Tiny &lt;i&gt;Co&lt;/i&gt;" in html


def test_the_markdown_note_keeps_the_text_as_written():
    assert ATTACK in render_markdown(_note(), "Tiny Co")
