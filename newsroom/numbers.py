"""Numbers read from addresses, forms and sessions.

`str.isdigit()` says yes to "²" and "٣", which int() then refuses, and int() takes numbers no
database column holds: both were 500s. A number here is ASCII digits, short enough for a
64-bit column, or it is not a number at all.
"""

import re

DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str | None) -> int | None:
    """The whole number `text` spells in ASCII digits (below 10**18), else None."""
    if text is None or not DIGITS.fullmatch(text):
        return None
    return int(text)
