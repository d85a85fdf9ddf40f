"""Running a query on the on-disk index: an SQLite FTS5 MATCH expression plus a residual filter.

The plan, for the index of large dumps:

1. **What the index stores.** One FTS5 row per post and per comment, with three columns
   ``author``, ``title``, ``body`` holding the *folded* words of each field, exactly as the
   in-memory engine folds them (:func:`fts5_row`), tokenized by :data:`FTS5_TOKENIZE`. Folding
   before indexing (instead of trusting FTS5's own case and diacritic folding) makes FTS5 see the
   very words the engine sees: ``Straße`` is ``strasse`` in both, ``Après`` is ``apres``.
2. **What FTS5 answers.** :func:`to_fts5` walks the top-level conjunction of the query. Words,
   ``word*`` prefixes and phrases become quoted FTS5 strings (``"sadr"``, ``"sadr"*``,
   ``"sadr s command"``) joined with ``AND``/``OR``; exclusions become FTS5's binary ``NOT``
   (``(…) NOT ("bush")``), which needs something on its left. ``author:NAME`` narrows to the
   phrase in the author column (``author : "funky chicken"``), a superset that the residual makes
   exact. The MATCH expression always selects a *superset* of the true matches.
3. **What Python answers.** Everything FTS5 cannot say exactly goes to the ``residual`` Query,
   run on each candidate row: regexes, partial authors, ``in:``/``is:``/``has:``/``replies:``,
   dates, an exclusion with nothing positive beside it, an ``OR`` with such a term inside, and any
   word with characters FTS5 might cut differently. The index keeps the facts these need beside
   the FTS table (folded author, published, replies, is_reply, has_quote) so that a Document can
   be made from a row without the dump; with those columns, the structured filters may later be
   turned into SQL ``WHERE`` clauses as well.
4. **No text term at all** (``author:jp``, ``is:reply``): ``match`` is None and the residual runs
   over every row, which is still a linear scan of prepared rows.

Usage: ``SELECT node FROM fts WHERE fts MATCH ?`` with ``plan.match``, then keep the rows for
which ``plan.residual`` (when not None) matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from talkback.core.model import Comment, Post
from talkback.core.text import words
from talkback.search.documents import folded_words
from talkback.search.query import Query
from talkback.search.syntax import And, Author, MatchAll, Node, Not, Or, Phrase, Word, describe

#: the ``tokenize`` option of the FTS5 table: the text is folded already, keep ``_`` inside words
FTS5_TOKENIZE = "unicode61 remove_diacritics 0 tokenchars '_'"
#: the FTS5 table's indexed columns, in order
FTS5_COLUMNS = ("author", "title", "body")


@dataclass(frozen=True, slots=True)
class Fts5Plan:
    """How to run a query on the index: a MATCH expression (None: every row) and a residual.

    ``match`` selects a superset of the matches; ``residual`` (None when ``match`` is exact)
    is the part of the query to check on each candidate.
    """

    match: str | None
    residual: Query | None


def fts5_row(post: Post, comment: Comment | None = None) -> tuple[str, str, str]:
    """The indexed columns (author, title, body) of a post (``comment`` None) or a comment."""
    if comment is not None:
        return folded_words(comment.author or ""), "", folded_words(comment.text)
    return folded_words(post.author or ""), folded_words(post.title or ""), folded_words(post.text)


def to_fts5(query: Query) -> Fts5Plan:
    """The FTS5 MATCH expression and the residual Query for ``query``."""
    node = query.node
    conjuncts = node.children if isinstance(node, And) else (node,)
    positives: list[str] = []
    negatives: list[tuple[str, Node]] = []
    residual: list[Node] = []
    for child in conjuncts:
        if isinstance(child, MatchAll):
            continue
        target = child.child if isinstance(child, Not) else child
        expression, exact = _translate(target)
        if expression is None or (isinstance(child, Not) and not exact):
            residual.append(child)
        elif isinstance(child, Not):
            negatives.append((expression, child))
        else:
            positives.append(expression)
            if not exact:
                residual.append(child)
    if not positives:  # FTS5's NOT needs something on its left: leave exclusions to Python
        residual.extend(child for _, child in negatives)
        negatives = []
    match = _join_and(positives, [expression for expression, _ in negatives])
    if not residual:
        return Fts5Plan(match, None)
    rest = residual[0] if len(residual) == 1 else And(tuple(residual))
    return Fts5Plan(match, Query(describe(rest), rest))


def _translate(node: Node) -> tuple[str | None, bool]:
    """An FTS5 expression selecting a superset of ``node``'s matches (None: anything), and
    whether it selects exactly them."""
    match node:
        case Word(word=word, prefix=prefix):
            return _string(word) + ("*" if prefix else ""), _plain(word)
        case Phrase(words=phrase):
            return _string(" ".join(phrase)), all(_plain(word) for word in phrase)
        case Author(name=name, partial=False):
            name_words = words(name)
            if not name_words or not name.isascii():  # folding order matters beyond ASCII
                return None, False
            return f"author : {_string(' '.join(name_words))}", False
        case And(children=children):
            positives: list[str] = []
            negatives: list[str] = []
            exact = True
            for child in children:
                target = child.child if isinstance(child, Not) else child
                expression, child_exact = _translate(target)
                if isinstance(child, Not):
                    if expression is not None and child_exact:
                        negatives.append(expression)
                    else:
                        exact = False
                elif expression is not None:
                    positives.append(expression)
                    exact = exact and child_exact
                else:
                    exact = False
            if not positives:
                return None, exact and not negatives
            return _join_and(positives, negatives), exact
        case Or(children=children):
            parts = [_translate(child) for child in children]
            if any(expression is None for expression, _ in parts):
                return None, False
            joined = " OR ".join(f"({expression})" for expression, _ in parts)
            return joined, all(exact for _, exact in parts)
    return None, False


def _join_and(positives: list[str], negatives: list[str]) -> str | None:
    if not positives:
        return None
    if len(positives) == 1:
        expression = positives[0]
    else:
        expression = " AND ".join(f"({part})" for part in positives)
    for negative in negatives:
        expression = f"({expression}) NOT ({negative})"
    return expression


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _plain(word: str) -> bool:
    """Whether FTS5's tokenizer surely reads ``word`` as one token, as the engine does."""
    return bool(word) and all(char.isalnum() or char == "_" for char in word)
