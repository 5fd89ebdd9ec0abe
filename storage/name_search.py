"""Autocomplete matching: which names match what a user typed, and how well, in SQL.

A name matches when the typed characters appear in it in order, gaps allowed ("phl" finds
"Phone launch"). Better matches rank first: the name starts with the text (rank 0), a word in
it does ("launch" in "Phone launch", 1), the text appears anywhere (2), or only with gaps (3).
Both sides are compared as `name_key`s (case-folded), so matching ignores case.

The database ranks and limits, so autocomplete reads at most a page of rows however many
scenarios are shared in a guild.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, case, literal, or_, true

# What may come before a word inside a name: "Phone launch", "Q3-launch", "Launch (fork)".
WORD_BREAKS = " -_/(.["
_ESCAPE = "/"


def matching(column: ColumnElement[str], typed_key: str) -> ColumnElement[bool]:
    """Names holding the typed characters in order (everything when nothing is typed)."""
    if not typed_key:
        return true()
    return _like(column, "%" + "%".join(map(_literal, typed_key)) + "%")


def match_rank(column: ColumnElement[str], typed_key: str) -> ColumnElement[int]:
    """0 starts with the text, 1 a word starts with it, 2 contains it, 3 holds it with gaps."""
    if not typed_key:
        return literal(0, Integer)  # a bound value: a bare 0 in ORDER BY would mean column 0
    text = _literal(typed_key)
    word_start = or_(*(_like(column, f"%{_literal(mark)}{text}%") for mark in WORD_BREAKS))
    return case(
        (_like(column, f"{text}%"), 0),
        (word_start, 1),
        (_like(column, f"%{text}%"), 2),
        else_=3,
    )


def _like(column: ColumnElement[str], pattern: str) -> ColumnElement[bool]:
    return column.like(pattern, escape=_ESCAPE)


def _literal(text: str) -> str:
    """`text` as literal characters in a LIKE pattern (typed % and _ match only themselves)."""
    for special in (_ESCAPE, "%", "_"):
        text = text.replace(special, _ESCAPE + special)
    return text
