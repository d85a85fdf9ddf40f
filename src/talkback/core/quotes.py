"""Recognising pasted quotes: which earlier text (the post, or a comment) a paragraph repeats.

Commenters quote by pasting: a whole paragraph, a fragment with ``…`` where they cut, or a sentence
with an editorial ``[Maliki]`` put in. Each candidate source is cut into hashed shingles (runs of
``SHINGLE`` folded words); a paragraph is a quote of the source that covers at least
``MIN_COVERAGE`` of its words. Lookups are hash probes, so the cost grows with the number of words,
never with the number of pairs of comments.

On a very big page the index would hold every shingle of every comment (100,000 comments: over
half a gigabyte), though most shingles are never looked up again. There the page's paragraphs are
marked first (:class:`Lookahead`), and the index keeps only the shingles that a paragraph still to
be looked up may hold, forgetting each once the last such paragraph has gone by: what is looked
up finds exactly what it would find in the whole index. The same holds for a blog export's big
thread, whose quote blocks are all that is looked up (:func:`plan_lookahead` serves both).
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter

from talkback.core.text import quote_words, words

#: words per shingle: long enough to be specific, short enough for fragments cut by ellipses
#: (:func:`shingles` spells the four out)
SHINGLE = 4
#: a quote has at least this many words; shorter echoes ("Hey, handsome!") are not quotes
MIN_QUOTE_WORDS = 5
#: share of a paragraph's words that must come from one source
MIN_COVERAGE = 0.85
#: how many distinct sources one shingle remembers (common phrases stop counting after that)
MAX_OWNERS = 4
#: quotes are looked for in the first this many characters of a text: past it a hostile 50 MB
#: line would cost gigabytes of word lists, and no one pastes a quote a mebibyte long
MAX_QUOTE_CHARS = 1 << 20
#: how many stretches of lines a :class:`Lookahead` tells apart
STRETCHES = 65_535
#: texts to be made quotable holding this many characters are worth a :class:`Lookahead`
LOOKAHEAD_CHARS = 8 * 1024 * 1024


@dataclass(slots=True, frozen=True)
class QuoteMatch:
    """The source a paragraph quotes and how much of the paragraph it covers."""

    source: str
    coverage: float


class QuoteIndex:
    """Shingles of the texts that later comments may quote, in the order they were added.

    When several sources share a paragraph's words, the one with the best coverage wins, and on a
    tie the earliest: the post before comments, an original before a repeat.
    """

    def __init__(self) -> None:
        self._owners: dict[int, int | tuple[int, ...]] = {}
        self._sources: list[str] = []
        #: what the paragraphs still to be looked up hold, when the page marked them first
        self.lookahead: Lookahead | None = None

    def __len__(self) -> int:
        return len(self._sources)

    def add(self, source_id: str, text: str) -> None:
        """Make ``text`` quotable, under ``source_id`` (added again, a source keeps one number)."""
        self.add_shingles(source_id, shingles(words(text[:MAX_QUOTE_CHARS])))

    def add_shingles(
        self, source_id: str, hashed: list[int], unchecked: list[int] | None = None
    ) -> None:
        """Make a text quotable by its :func:`shingles` (what :meth:`add` does after folding).

        ``unchecked``, when given, holds every shingle of ``hashed`` that the index may already
        know: the others were found new to it (:meth:`knows_any`) since it last changed.
        """
        if not hashed:
            return
        if self._sources and self._sources[-1] == source_id:
            number = len(self._sources) - 1
        else:
            number = len(self._sources)
            self._sources.append(source_id)
        if self.lookahead is not None:
            hashed = self.lookahead.needed(hashed)
            unchecked = None
        owners = self._owners
        # Every shingle is given to this text at once, in C; only the few some earlier text
        # already had (a shared phrase, a repeat), noted first, take the slow path after.
        maybe_known = hashed if unchecked is None else unchecked
        shared = [(shingle, owners[shingle]) for shingle in owners.keys() & maybe_known]
        owners.update(zip(hashed, repeat(number)))
        for shingle, known in shared:
            owners[shingle] = _owned_also_by(known, number)

    def passed(self, start: int) -> None:
        """The paragraph whose first line is ``start`` was looked up, or never will be: forget
        the shingles no paragraph still to come holds (when there is a :class:`Lookahead`)."""
        if self.lookahead is not None:
            deque(map(self._owners.pop, self.lookahead.passed(start), repeat(None)), 0)

    def match(self, paragraph: str) -> QuoteMatch | None:
        """The source this paragraph quotes, or None if it is the commenter's own words."""
        folded, hashed = looked_up(paragraph)
        return self.match_shingles(hashed, len(folded))

    def knows_any(self, hashed: list[int]) -> bool:
        """Whether the index holds any of the shingles ``hashed``."""
        return not self._owners.keys().isdisjoint(hashed)

    def match_shingles(self, hashed: list[int], count: int) -> QuoteMatch | None:
        """:meth:`match` for a paragraph of ``count`` folded words given by its shingles."""
        # Most paragraphs (the commenters' own words) share no shingle with any source at all.
        if count < MIN_QUOTE_WORDS or self._owners.keys().isdisjoint(hashed):
            return None
        found = list(map(self._owners.get, hashed))
        hits = len(found) - found.count(None)
        # A found shingle covers at most SHINGLE words: a paragraph sharing only a few (a common
        # phrase) is turned away here without any bookkeeping.
        if hits * SHINGLE < MIN_COVERAGE * count:
            return None
        first = found[0]
        if isinstance(first, int) and found.count(first) == len(found) == count - SHINGLE + 1:
            # Every shingle is one source's alone (a pasted paragraph, the usual quote): it
            # covers every word, without counting them one by one.
            return QuoteMatch(self._sources[first], 1.0)
        covered: dict[int, bytearray] = {}
        for position, known in enumerate(found):
            if known is None:
                continue
            for number in (known,) if isinstance(known, int) else known:
                marks = covered.get(number)
                if marks is None:
                    marks = covered[number] = bytearray(count)
                marks[position : position + SHINGLE] = b"\x01" * SHINGLE
        best: tuple[int, int] | None = None  # (covered words, -source number)
        for number, marks in covered.items():
            candidate = (sum(marks), -number)
            if best is None or candidate > best:
                best = candidate
        if best is None:
            return None
        coverage = best[0] / count
        if coverage < MIN_COVERAGE or best[0] < MIN_QUOTE_WORDS:
            return None
        return QuoteMatch(self._sources[-best[1]], coverage)


def _owned_also_by(known: int | tuple[int, ...], number: int) -> int | tuple[int, ...]:
    """The owners of a shingle that ``known`` owned, once text ``number`` has it too."""
    if known == number:
        return known
    if isinstance(known, int):
        return (known, number)
    if number not in known and len(known) < MAX_OWNERS:
        return (*known, number)
    return known


class Lookahead:
    """Which shingles a page's paragraphs still to be looked up may hold: what its index must keep.

    The page's lines are cut into :data:`STRETCHES` stretches of a few lines. Before anything is
    looked up, every paragraph that may be looked up (or found to be a pasted quote) is marked, in
    page order (:meth:`expect`): each of its shingles notes the paragraph's stretch in its slot
    (one of ``slots``, a power of two, chosen by the shingle's hash), so that a slot ends up with
    the last stretch holding any of its shingles. Paragraphs are then let go as they are looked up
    or known never to be (:meth:`passed`). A shingle whose slot's stretch lies before the first
    paragraph not let go is in no paragraph still to come: the index need not keep it
    (:meth:`needed`), and forgets it once its stretch has gone by (what :meth:`passed` gives).
    Shingles sharing a slot share the latest stretch, which only ever keeps one a little longer.
    """

    def __init__(self, slots: int, lines: int) -> None:
        self._mask = slots - 1
        self._last = array("H", bytes(2 * slots))
        self._lines = max(lines, 1)
        #: 1 at the first line of every paragraph expected and not let go yet
        self._pending = bytearray(self._lines)
        #: the first such line (``lines`` when there is none)
        self._first = self._lines
        #: the shingles the index kept, by the stretch after which nothing holds them
        self._kept: defaultdict[int, list[int]] = defaultdict(list)

    def _stretch(self, line: int) -> int:
        """1 to STRETCHES for the page's lines; one more past the last."""
        return line * STRETCHES // self._lines + 1

    def expect(self, start: int, hashed: list[int]) -> None:
        """Mark the paragraph whose first line is ``start`` (not before any marked earlier), which
        holds the shingles ``hashed``."""
        self._pending[start] = 1
        self._first = min(self._first, start)
        stretch = repeat(self._stretch(start))
        deque(map(self._last.__setitem__, map(self._mask.__and__, hashed), stretch), 0)

    def passed(self, start: int) -> list[int]:
        """Let the paragraph whose first line is ``start`` go; gives the shingles the index kept
        that no paragraph still to come holds any more."""
        if not self._pending[start]:
            return []
        self._pending[start] = 0
        if start != self._first:
            return []
        before = self._stretch(start)
        found = self._pending.find(1, start)
        self._first = found if found >= 0 else self._lines
        gone: list[int] = []
        for stretch in range(before, self._stretch(self._first)):
            gone += self._kept.pop(stretch, ())
        return gone

    def needed(self, hashed: list[int]) -> list[int]:
        """The shingles of ``hashed`` that a paragraph still to come may hold (the index keeps
        them, and is told when to forget them)."""
        if not hashed:
            return hashed
        stretches = itemgetter(*map(self._mask.__and__, hashed))(self._last)
        if len(hashed) == 1:
            stretches = (stretches,)
        now = self._stretch(self._first)
        wanted = list(map(now.__le__, stretches))
        kept = list(compress(hashed, wanted))
        # self._kept[stretch].append(shingle) for each kept shingle, in C
        deque(map(list.append, map(self._kept.__getitem__, compress(stretches, wanted)), kept), 0)
        return kept


def plan_lookahead(lookups: Iterable[tuple[int, str]], positions: int, chars: int) -> Lookahead:
    """A :class:`Lookahead` with every text of ``lookups`` marked as looked up at its position
    (a line of ``positions``, each after the one before), sized for texts of ``chars``
    characters."""
    lookahead = Lookahead(lookahead_slots(chars), positions)
    for position, text in lookups:
        lookahead.expect(position, looked_up(text)[1])
    return lookahead


def looked_up(text: str) -> tuple[list[str], list[int]]:
    """What a text is looked up by in the index (:meth:`QuoteIndex.match`): its folded words and
    their shingles (none for a text longer than ``MAX_QUOTE_CHARS``)."""
    folded = quote_words(text) if len(text) <= MAX_QUOTE_CHARS else []
    return folded, shingles(folded)


def lookahead_slots(chars: int) -> int:
    """Slots for a page whose paragraphs hold ``chars`` characters: a power of two, about one
    for every four characters (some one and a half for every shingle of English text)."""
    return 1 << max(10, (chars // 4).bit_length())


def shingles(folded: list[str]) -> list[int]:
    """The hashed shingles of folded words: one per run of ``SHINGLE`` words, in order."""
    # A tuple's hash combines its strings' cached hashes: the whole loop runs in C.
    return list(map(hash, zip(folded, folded[1:], folded[2:], folded[3:], strict=False)))


class ShingleRun:
    """The :func:`shingles` of a text's words given a paragraph at a time: the same as those of
    all the words at once, without hashing any shingle twice.

    Between two paragraphs, the shingles that straddle them are those of the last
    ``SHINGLE - 1`` words so far followed by the first ``SHINGLE - 1`` of the next.

    ``unchecked`` keeps the shingles not known to be new to a quote index (those of paragraphs
    given with ``new=True`` are, and the straddling ones never are): what
    :meth:`QuoteIndex.add_shingles` needs to look up.
    """

    def __init__(self) -> None:
        self.hashed: list[int] = []
        self.unchecked: list[int] = []
        #: the last SHINGLE - 1 words so far
        self._recent: list[str] = []

    def extend(self, folded: list[str], hashed: list[int], *, new: bool = False) -> None:
        """Go on with the words ``folded``, whose shingles are ``hashed`` (with ``new``, none of
        them is in the quote index)."""
        recent = self._recent
        if recent:
            straddling = shingles(recent + folded[: SHINGLE - 1])
            self.hashed += straddling
            self.unchecked += straddling
        self.hashed += hashed
        if not new:
            self.unchecked += hashed
        self._recent = (recent + folded[1 - SHINGLE :])[1 - SHINGLE :]


class TextMatcher:
    """Tells whether a paragraph repeats one given text (a pasted quote's attribution check)."""

    def __init__(self, text: str) -> None:
        self.index = QuoteIndex()
        self.index.add("source", text)
        self.text = text
        self._words: list[str] | None = None

    def matches(self, paragraph: str) -> bool:
        """Whether ``paragraph`` repeats (part of) the text."""
        if self.index.match(paragraph) is not None:
            return True
        # A short pasted comment ("Sad, but true.") is too short for shingles: compare it whole.
        mine = quote_words(paragraph)
        if not mine or len(mine) >= MIN_QUOTE_WORDS + SHINGLE:
            return False
        if self._words is None:
            self._words = words(self.text[:MAX_QUOTE_CHARS])
        return _contains(self._words, mine)


def matches_text(paragraph: str, text: str) -> bool:
    """Whether ``paragraph`` repeats ``text`` (used to confirm a pasted quote's attribution)."""
    return TextMatcher(text).matches(paragraph)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))
