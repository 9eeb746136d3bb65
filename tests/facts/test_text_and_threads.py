from datetime import date

from assistant.facts.text import business_days_between, relative_date, stated_days
from assistant.facts.threads import email_threads
from gaps.helpers import crm, email, material


def test_a_date_without_a_year_resolves_forward_from_the_document_date():
    assert stated_days("report to Pat by **Dec 19**", date(2025, 12, 9))[0][0] == date(2025, 12, 19)
    assert stated_days("webinar by January 16th", date(2025, 12, 3))[0][0] == date(2026, 1, 16)


def test_numeric_and_iso_dates_are_read():
    assert stated_days("proposal by 3/18", date(2025, 3, 11))[0][0] == date(2025, 3, 18)
    assert stated_days("term ends 5/31/25", None)[0][0] == date(2025, 5, 31)
    assert stated_days("opened 2026-01-12", None)[0][0] == date(2026, 1, 12)


def test_next_week_resolves_to_the_friday_of_the_following_week():
    assert relative_date("You'll have both next week.", date(2026, 2, 13))[0] == date(2026, 2, 20)


def test_business_days_skip_weekends():
    assert business_days_between(date(2026, 2, 6), date(2026, 2, 13)) == 5


def _thread(*messages):
    return material({"crm.json": crm(), **{f"emails/{i}.eml": m for i, m in enumerate(messages)}})


def test_a_thread_ending_with_the_customer_awaits_a_reply():
    account = _thread(email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 02 Feb 2026 10:00:00 +0000",
                            "Question", "Can you help?", "q1@acme.com"))
    (thread,) = email_threads(account, date(2026, 2, 13))
    assert thread.awaiting_customer_reply_since().source == "emails/0.eml"
    assert thread.business_days_waiting(date(2026, 2, 13)) == 9


def test_an_auto_reply_is_not_an_answer():
    account = _thread(
        email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 02 Feb 2026 10:00:00 +0000", "Question",
              "Can you help?", "q1@acme.com"),
        email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Mon, 02 Feb 2026 10:01:00 +0000",
              "Out of office Re: Question", "I am away until Feb 20.", "a1@vendor.io", in_reply_to="q1@acme.com",
              extra="\nAuto-Submitted: auto-replied"),
    )
    (thread,) = email_threads(account, date(2026, 2, 13))
    assert thread.awaiting_customer_reply_since() is not None


def test_a_vendor_reply_answers_the_thread():
    account = _thread(
        email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 02 Feb 2026 10:00:00 +0000", "Question",
              "Can you help?", "q1@acme.com"),
        email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Tue, 03 Feb 2026 09:00:00 +0000", "Re: Question",
              "Yes, here is how.", "r1@vendor.io", in_reply_to="q1@acme.com"),
    )
    (thread,) = email_threads(account, date(2026, 2, 13))
    assert thread.awaiting_customer_reply_since() is None


from hypothesis import given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _walked_business_days(start, end):
    from datetime import timedelta

    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += current.weekday() < 5
    return days


@hypothesis_settings(max_examples=200, deadline=None)
@given(start=st.dates(), span=st.integers(-30, 3000))
def test_business_days_match_a_day_by_day_count(start, span):
    from datetime import date, timedelta

    end = min(start + timedelta(days=span), date.max) if span >= 0 else start - min(timedelta(-span), start - date.min)
    assert business_days_between(start, end) == _walked_business_days(start, end)


def test_business_days_to_the_far_future_are_counted_not_walked():
    from datetime import date

    assert business_days_between(date(2026, 2, 6), date(9999, 12, 31)) == 2_080_290  # walked day by day once, to check


def test_dates_in_other_formats_and_languages_are_read():
    assert stated_days("deadline 10.03.2026", None)[0][0] == date(2026, 3, 10)
    assert stated_days("Abgabe bis 10. März", date(2026, 3, 2))[0][0] == date(2026, 3, 10)
    assert stated_days("by Tuesday 10 March", date(2026, 3, 2))[0][1] == len("by ")


def test_relative_due_dates_skip_today_and_read_weekdays():
    assert relative_date("Today I said I'd send it next Tuesday.", date(2026, 3, 2))[0] == date(2026, 3, 10)
    assert relative_date("We met today.", date(2026, 3, 2)) is None


def test_dollar_amounts_are_read_in_any_format_and_other_currencies_are_not():
    from assistant.facts.text import usd_amounts

    assert [a for a, _, _ in usd_amounts("ARR $48k, renewal USD 50,000, EU entity EUR 84.000")] == [48000.0, 50000.0]


def test_a_title_before_a_name_does_not_end_a_sentence():
    from assistant.text.sentences import sentences

    assert sentences("Please address staff formally (Dr. Roe, Mr. Lamb) in writing. Copy Ms. Vale.") == [
        "Please address staff formally (Dr. Roe, Mr. Lamb) in writing.", "Copy Ms. Vale."]
