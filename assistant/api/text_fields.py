"""What a request's free-text field must hold to mean something: a character that survives the services' strip().

Python's ``str.strip`` removes more than the JSON Schema ``\\S`` (ECMAScript) and pydantic's regex count as blank:
the information separators U+001C-U+001F and NEL (U+0085); NUL is dropped before storing. A field of only those
would pass the schema and then be refused as empty (400) by the service, so the schema says so itself (422)."""

VISIBLE = r"[^\s\x00\x1c-\x1f\x85]"
