"""The words of dates in the languages of Europe's blogs: month names, and what joins a date to
its time.

Blogs sign comments in their own language: ``Hans Müller am 14. Oktober 2011 um 21:20``,
``Jean Dupont le 14 octobre 2011 à 21 h 20``, ``María López el 14 de octubre de 2011 a las
21:20``, ``Jan Kowalski 14 października 2011 o 21:20``. Besides English, the month names (full,
and the abbreviations that cannot be taken for a word of an English sentence) of German, French,
Spanish, Italian, Dutch, Portuguese, Danish, Norwegian, Swedish and Polish are known here, with
and without their accents; :func:`month_name_pattern` spells them as one regular expression,
and :func:`in_english` rewrites such a date in the English words the date parser reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: each month's names, English first: the English ones are written capitalised (as English pages
#: print them), and the few that other languages share are found in lower case too (Dutch and
#: Scandinavian ``14 april``); the others are found capitalised or not (French, Spanish,
#: Italian, Dutch, Portuguese, Danish, Norwegian, Swedish and Polish write them in lower case;
#: Polish dates put them in the genitive, ``14 października``). Left out: abbreviations that are
#: English words (``out`` for outubro, ``set`` for settembre, ``ago`` for agosto) and ``marco``
#: (a name); ``may`` and ``march`` stay capitalised (they are verbs).
MONTH_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("january", "jan"), ("januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio",
                          "gen", "januari", "janeiro", "styczeń", "stycznia")),
    (("february", "feb"), ("februar", "février", "fevrier", "févr", "fevr", "febrero",
                           "febbraio", "februari", "fevereiro", "fev", "luty", "lutego")),
    (("march", "mar"), ("märz", "maerz", "mär", "mars", "marzo", "maart", "mrt", "março",
                        "marts", "marzec", "marca")),
    (("april", "apr"), ("april", "avril", "avr", "abril", "abr", "aprile", "kwiecień",
                        "kwietnia")),
    (("may",), ("mai", "mayo", "maggio", "mag", "mei", "maio", "maj", "maja")),
    (("june", "jun"), ("juni", "juin", "junio", "giugno", "giu", "junho", "czerwiec",
                       "czerwca")),
    (("july", "jul"), ("juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipiec",
                       "lipca")),
    (("august", "aug"), ("august", "août", "aout", "agosto", "augustus", "augusti", "sierpień",
                         "sierpnia")),
    (("september", "sep", "sept"), ("september", "septembre", "septiembre", "setiembre",
                                    "settembre", "setembro", "wrzesień", "września")),
    (("october", "oct"), ("oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
                          "październik", "października")),
    (("november", "nov"), ("november", "novembre", "noviembre", "novembro", "listopad",
                           "listopada")),
    (("december", "dec"), ("december", "dezember", "dez", "décembre", "decembre", "déc",
                           "diciembre", "dic", "dicembre", "dezembro", "desember", "grudzień",
                           "grudnia")),
)  # fmt: skip

#: every month name (lower case) and its number
MONTHS: dict[str, int] = {
    name: number
    for number, (english, others) in enumerate(MONTH_NAMES, start=1)
    for name in (*english, *others)
}
_ENGLISH = {name for english, _ in MONTH_NAMES for name in english}
#: a month's English name, by its other names
_IN_ENGLISH = {
    name: english[0] for english, others in MONTH_NAMES for name in others if name not in _ENGLISH
}

#: what joins a date to its time besides ``at``: ``um`` (German), ``à`` (French), ``a las``,
#: ``a la`` (Spanish), ``alle``, ``ore`` (Italian), ``om`` (Dutch), ``às`` (Portuguese), ``kl.``
#: (Danish, Norwegian, Swedish), ``o`` (Polish)
_OTHER_JOINERS = r"(?:um|à|a\s+las|a\s+la|alle|ore|om|às|kl\.?|o)"
TIME_JOINERS = rf"(?:at|{_OTHER_JOINERS})"
#: a French time, ``21 h 20`` or ``21h20``
_FRENCH_TIME = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b")
#: the first of a month in French and Spanish: ``1er janvier``, ``1º de enero``
_FIRST_DAY = re.compile(r"\b(\d{1,2})(?:er|º)(?=\s)")
#: words of a date that the date parser needs not read: its joiners, ``de`` (``14 de octubre de
#: 2011``), ``Uhr`` (``21:20 Uhr``), and the point after a German day (``14. Oktober``)
_FILLER = re.compile(rf"(?<!\w)(?:{_OTHER_JOINERS}|de|uhr)(?!\w)|(?<=\d)\.(?=\s)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
#: words by their letters: each letter leads to what may follow it ("" marks a word's end)
_Trie = dict[str, "_Trie"]


def month_name_pattern() -> str:
    """A regular expression (source) for a month name of :data:`MONTH_NAMES`, with an optional
    point after it: English ones capitalised, the others capitalised or not."""
    spellings: set[str] = set()
    for english, others in MONTH_NAMES:
        spellings.update(name.capitalize() for name in english)
        for name in others:
            spellings.update((name, name.capitalize()))
    return f"(?:{_alternation(spellings)})\\.?"


def _alternation(words: Iterable[str]) -> str:
    """One regular expression for ``words``, as a tree of their shared beginnings, so that a
    search tries a letter once where a plain list of 150 names would try each in turn."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: _Trie) -> str:
    parts = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
    return f"(?:{body})?" if "" in node else body  # a word may end here


def in_english(text: str) -> str:
    """A date written in another language rewritten as the date parser reads it: month names in
    English, joiners dropped, French times with a colon (``14 de octubre de 2011 a las 21:20`` ->
    ``14 October 2011 21:20``). English dates come back as they were."""
    text = _FIRST_DAY.sub(r"\1", _FRENCH_TIME.sub(r"\1:\2", text))
    named = _WORD.sub(lambda found: _IN_ENGLISH.get(found[0].lower(), found[0]), text)
    if named == text and _FILLER.search(text) is None:
        return text
    return " ".join(_FILLER.sub(" ", named).split())
