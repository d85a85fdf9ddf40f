"""Learning a page's own signature template from its recurring lines (the ``learned`` dialect).

Layouts nobody listed still sign comments the same way every time: ``— Ana María, 31.03.2008
13:07``, ``Sam Pettigrew | 2008-03-31 13:07``, ``[31.03.2008 13:07] Ana:``. In one pass over the
page, every short line holding exactly one date (with or without a time) is reduced to its
*shape*: the punctuation around the date with each run of words replaced by a slot, and the date
written as classes of characters (``— w , | 9.9.9 9:9``). Lines of one shape are one template;
the template with the most lines (at least two) wins. Within it, the words common to every line
at the edges of a slot are the template's fixed words (``Posted by``, ``on``, ``wrote``); the
first slot that varies from line to line is the name.

Whether the template stands before or after the comment body is read from how its lines sit:
glued to the text under them (before) or above them (after), what follows the last one (more
text: before), and a colon at its end (before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talkback.core.dates import CLOCK_TIME, TIME_ZONE
from talkback.core.furniture import is_furniture
from talkback.core.marks import Dialect, Mark, PageLines, Reading, Role, lines_with
from talkback.core.signatures import DATE, DATE_TIME_GAP, plausible_name

#: a template recurs: fewer lines than this are not one
MIN_LINES = 2

#: a date with or without a time, or a time then a date. The lookahead (what every date or time
#: starts with: a digit, or the capital of a month or weekday) lets the search skip most
#: positions of a line cheaply.
_WHEN = re.compile(
    rf"(?=[\dJFMASONDTW])(?:{DATE}(?:{DATE_TIME_GAP}{CLOCK_TIME}{TIME_ZONE}?)?"
    rf"|{CLOCK_TIME}{TIME_ZONE}?,?\s+(?:on\s+)?{DATE})"
)
#: every date has a four-digit year or two numbers joined by ``.``, ``/`` or ``-``: a cheap
#: test that spares most lines the full pattern (written to start with the digit, so that the
#: search skips ahead to digits in C instead of trying both branches at every position)
_MAYBE_DATE = re.compile(r"\d(?:\d{3}|[./-]\d)")
_WORD_TOKEN = r"\w+(?:['’.\-]\w+)*\.?"
_TOKEN = re.compile(rf"(?P<word>{_WORD_TOKEN})|[^\w\s]")
#: a run of words: word tokens with nothing but spaces between them
_WORD_RUN = re.compile(rf"{_WORD_TOKEN}(?:\s*{_WORD_TOKEN})*")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
_GAPS = re.compile(r"[\s.,]+")
#: fixed words a template may put next to the name, recognised even when only one person signs
_KEYWORDS = frozenset(
    "posted by on at from wrote writes said says comment commented reply replied written "
    "date time von am um le par de el por".split()
)

Slot = list[tuple[str, int, int]]  # the words of a run: (folded word, start, end) in the line


@dataclass(slots=True)
class _Candidate:
    """A line holding one date: where the date is, and the runs of words around it."""

    index: int
    line: str
    when: str
    #: where the date stands in the line
    start: int
    end: int

    @property
    def slots(self) -> list[Slot]:
        """The runs of words before and after the date (read only for a template that may win)."""
        return _slots(self.line, 0, self.start) + _slots(self.line, self.end, len(self.line))


class Learned(Dialect):
    """A layout nobody listed: the page's most frequent signature shape, learned from the page."""

    name = "learned"
    description = "the page's own recurring 'name and date' line, learned from the page"
    specificity = 0

    def read(self, page: PageLines, *, to_beat: int = 0) -> Reading:
        """The page's reading by its learned template; one with no more than ``to_beat`` marks
        (what another layout found, which would win a tie) is not worked out, and scores 0."""
        return self.settle(page, self.scan(page, to_beat=to_beat))

    def scan(self, page: PageLines, *, to_beat: int = 0) -> list[Mark]:
        """The lines of the page's most frequent template (with more than ``to_beat``), as marks."""
        groups: dict[tuple[str, ...], list[_Candidate]] = {}
        lines = page.lines
        dated = list(lines_with(page, _MAYBE_DATE))
        # A template holds at most every line that may hold a date: when those are too few to
        # beat ``to_beat``, no line needs a closer look (on most pages, a named layout's marks
        # are all the dated lines there are).
        if len(dated) <= max(to_beat, MIN_LINES - 1):
            return []
        for index in dated:
            found = _candidate(index, lines[index])
            if found is not None:
                shape, candidate = found
                groups.setdefault(shape, []).append(candidate)
        best: list[Mark] = []
        best_shape: tuple[str, ...] = ()
        for shape, members in groups.items():
            if len(members) < MIN_LINES or len(members) <= max(len(best), to_beat):
                continue
            marks = _marks(members)
            if len(marks) > len(best):
                best, best_shape = marks, shape
        if len(best) < MIN_LINES:
            return []
        role = _role(lines, best, best_shape)
        for mark in best:
            mark.role = role
        return best


def _candidate(index: int, line: str) -> tuple[tuple[str, ...], _Candidate] | None:
    match = _WHEN.search(line)
    if match is None or _WHEN.search(line, match.end()) is not None:
        return None
    start, end = match.span()
    before = _skeleton(line[:start])
    after = _skeleton(line[end:])
    if "w" not in before and "w" not in after:
        return None  # a date alone names nobody
    date_shape = _GAPS.sub(" ", _LETTERS.sub("a", _DIGITS.sub("9", match[0])))
    shape = (before, date_shape, after)
    return shape, _Candidate(index, line, match[0], start, end)


def _skeleton(text: str) -> str:
    """The punctuation of ``text`` with each run of words as ``w``, all spaced by one space.

    Every character left after the runs and the spaces are taken out is one punctuation mark
    (a word character always starts a run), so the shape is those characters, spaced.
    """
    return " ".join(_SPACES.sub("", _WORD_RUN.sub("w", text)))


def _slots(line: str, start: int, end: int) -> list[Slot]:
    """The runs of words of ``line[start:end]``: each word folded, with where it stands."""
    slots: list[Slot] = []
    previous_word = False
    for token in _TOKEN.finditer(line, start, end):
        if token["word"] is None:
            previous_word = False
            continue
        if not previous_word:
            slots.append([])
        slots[-1].append((token[0].casefold(), token.start(), token.end()))
        previous_word = True
    return slots


def _marks(members: list[_Candidate]) -> list[Mark]:
    """The template's lines as marks, the name read from the first slot that varies."""
    slots = [member.slots for member in members]
    count = len(slots[0])
    chosen = 0
    fixed: tuple[int, int] = (0, 0)
    for position in range(count):
        runs = [[word for word, _, _ in line_slots[position]] for line_slots in slots]
        if any(run != runs[0] for run in runs):
            chosen, fixed = position, _fixed_edges(runs)
            break
    else:
        run = [word for word, _, _ in slots[0][0]]
        fixed = _keyword_edges(run)
    marks: list[Mark] = []
    for member, line_slots in zip(members, slots, strict=True):
        slot = line_slots[chosen]
        name_words = slot[fixed[0] : len(slot) - fixed[1]]
        if not name_words:
            continue
        author = member.line[name_words[0][1] : name_words[-1][2]]
        if plausible_name(author):
            index = member.index
            marks.append(Mark(index, index, "tail", member.line, author, member.when))
    return marks


def _fixed_edges(runs: list[list[str]]) -> tuple[int, int]:
    """How many words at the start and at the end of a slot are the same on every line.

    Every line keeps at least one word of its own (the name).
    """
    shortest = min(len(run) for run in runs)
    leading = 0
    while leading < shortest - 1 and all(run[leading] == runs[0][leading] for run in runs):
        leading += 1
    trailing = 0
    while trailing < shortest - leading - 1 and all(
        run[-1 - trailing] == runs[0][-1 - trailing] for run in runs
    ):
        trailing += 1
    return leading, trailing


def _keyword_edges(run: list[str]) -> tuple[int, int]:
    """Fixed words at the edges of a slot that never varies: only the template's usual words."""
    leading = 0
    while leading < len(run) - 1 and run[leading].rstrip(".") in _KEYWORDS:
        leading += 1
    trailing = 0
    while trailing < len(run) - leading - 1 and run[-1 - trailing].rstrip(".") in _KEYWORDS:
        trailing += 1
    return leading, trailing


def _role(lines: list[str], marks: list[Mark], shape: tuple[str, ...]) -> Role:
    """Whether the template's lines stand before the comment bodies (head) or after them."""
    votes = 0  # above zero: head
    for mark in marks:
        index = mark.first
        above = index > 0 and bool(lines[index - 1])
        below = index + 1 < len(lines) and bool(lines[index + 1])
        if below and not above:
            votes += 1
        elif above and not below:
            votes -= 1
    last_text = next(
        (i for i in range(len(lines) - 1, -1, -1) if lines[i] and not is_furniture(lines[i])), -1
    )
    votes += 2 if last_text > marks[-1].last else -2
    if shape[-1].endswith(":"):
        votes += 2
    return "head" if votes > 0 else "tail"
