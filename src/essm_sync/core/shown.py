"""Codes and names printed so that two different ones never look the same (design.md,
Failing well): surrounding spaces, control, zero-width and other invisible characters, and
combining marks of a text not in NFC, are shown escaped; and codes that differ only by
Unicode normalisation, case or surrounding spaces are found as look-alikes.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Categories never seen as themselves: controls, formats (zero-width), separators other
# than the plain space, unassigned and private-use code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def _escaped(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def shown(text: str) -> str:
    """Return `text` as printed: itself when nothing in it hides, else quoted with each
    hiding character escaped (`"LR1 "`, `"LR\\u200b1"`, `"Cafe\\u0301-1"`)."""
    if text.isascii() and text.isprintable() and text == text.strip(" "):
        return text  # nearly every code: nothing to look at twice
    nfc = unicodedata.is_normalized("NFC", text)
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == " ":
            out.append(char)  # inside quotes, surrounding spaces show for what they are
        elif char in {'"', "\\"}:
            out.append("\\" + char)
        elif category in _INVISIBLE or (not nfc and category.startswith("M")):
            out.append(_escaped(char))
        else:
            out.append(char)
    inner = "".join(out)
    if inner == text and text == text.strip(" "):
        return text
    return f'"{inner}"'


def lookalike_key(code: str) -> str:
    """Return what a code reads as to a person: NFC, without case, surrounding spaces or
    invisible characters."""
    visible = "".join(c for c in code if unicodedata.category(c) not in _INVISIBLE - {"Zs"})
    return unicodedata.normalize("NFC", visible).strip().casefold()


def lookalikes(booker: Iterable[str], termtime: Iterable[str]) -> list[tuple[str, str]]:
    """Return each (Booker code, TermTime code) pair that differ yet read alike, sorted; a
    code both systems hold exactly is its own counterpart and pairs with no look-alike."""
    in_booker, in_termtime = set(booker), set(termtime)
    by_look: dict[str, list[str]] = defaultdict(list)
    for code in sorted(in_termtime - in_booker):
        by_look[lookalike_key(code)].append(code)
    return sorted(
        (code, twin)
        for code in in_booker - in_termtime
        for twin in by_look.get(lookalike_key(code), ())
    )
