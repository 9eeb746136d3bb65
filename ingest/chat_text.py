"""Slack's message markup ("mrkdwn") as plain text: ``<@U123>`` mentions become names, ``<https://x|label>`` links
their label, ``<#C123|general>`` channel references ``#general``, ``<!here>`` ``@here``, and the three escapes Slack
writes (``&amp; &lt; &gt;``) their characters. Escapes are undone last, so an escaped ``&lt;@U1&gt;`` typed by a
person stays text."""

from __future__ import annotations

import re
from collections.abc import Callable

_ANGLE = re.compile(r"<([^<>\n]{1,2000})>")
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))

NameOf = Callable[[str], str | None]  # a user or channel id -> its name, or None when unknown


def plain_text(text: str, user_name: NameOf, channel_name: NameOf) -> str:
    """``text`` with Slack's markup resolved; an id nothing names stays visible as ``@U123`` or ``#C123``."""

    def resolve(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            user = target[1:]
            return f"@{user_name(user) or label or user}"
        if target.startswith("#"):
            channel = target[1:]
            return f"#{label or channel_name(channel) or channel}"
        if target.startswith("!"):  # <!here>, <!channel>, <!subteam^S1|@team>, <!date^...|fallback>
            if label:
                return label
            return "@" + target[1:].split("^", 1)[0]
        return label or target.removeprefix("mailto:")

    resolved = _ANGLE.sub(resolve, text)
    for escaped, character in _ESCAPES:
        resolved = resolved.replace(escaped, character)
    return resolved
