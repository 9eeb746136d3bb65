"""Customer emails (introduction and farewell) with a human in the loop: drafted from the account's facts by
either engine, reviewed (``draft -> approved | rejected``, edits versioned, every step audited), and only once
approved exported as ``.eml`` or sent over SMTP. ``assistant.emails.service`` is the public entry point."""
