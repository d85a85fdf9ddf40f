"""Reading a query into its tree: terms side by side must all match, OR and ``|`` offer choices.

Grammar (precedence from loosest to tightest, as in web search engines)::

    query    := sequence
    sequence := choice ( [AND] choice )*          terms side by side: all must match
    choice   := negation ( (OR | "|") negation )*  any of them
    negation := ( "-" | NOT )* atom
    atom     := "(" sequence ")" | word | "phrase" | /regex/flags | field:value

So ``Sadr Maliki OR Iran`` means *Sadr, and Maliki or Iran*; parentheses say otherwise. A word or
phrase that folds to no word at all (``—``, ``...``) is dropped, with any ``-`` in front of it.
Anything malformed raises QueryError with a short message and the position at fault; nothing else
escapes (nesting is limited to :data:`MAX_DEPTH`, the query to :data:`MAX_QUERY_LENGTH`).
"""

from __future__ import annotations

from talkback.core.text import words
from talkback.search.fields import field_node
from talkback.search.lexer import Token, tokenize
from talkback.search.regexes import compile_regex
from talkback.search.syntax import And, MatchAll, Node, Not, Or, Phrase, QueryError, Regex, Word

#: deepest nesting of parentheses accepted
MAX_DEPTH = 32
#: longest query accepted, in characters
MAX_QUERY_LENGTH = 2000


def parse_query(text: str) -> Node:
    """The tree of ``text``; MatchAll for a query with no term. Raises QueryError."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long (over {MAX_QUERY_LENGTH} characters)", MAX_QUERY_LENGTH)
    parser = _Parser(tokenize(text), len(text))
    node = parser.sequence()
    if parser.peek() is not None:  # only a ")" stops the top-level sequence early
        raise QueryError("unmatched )", parser.tokens[parser.index].position)
    return node if node is not None else MatchAll()


class _Parser:
    """Recursive descent over the token list; ``None`` stands for a dropped (empty) term."""

    def __init__(self, tokens: list[Token], length: int) -> None:
        self.tokens = tokens
        self.length = length
        self.index = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def sequence(self) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "and":
                self.take()
                self._require_operand(token, "AND")
                continue
            part = self.choice()
            if part is not None:
                parts.append(part)
        return _combine(And, parts)

    def choice(self) -> Node | None:
        first = self.peek()
        if first is not None and first.kind == "or":
            raise QueryError("OR needs a term on each side", first.position)
        options = [self.negation()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            self._require_operand(token, "OR")
            options.append(self.negation())
        return _combine(Or, [option for option in options if option is not None])

    def negation(self) -> Node | None:
        negated = False
        while (token := self.peek()) is not None and token.kind in ("neg", "not"):
            self.take()
            negated = not negated
            self._require_operand(token, "-" if token.kind == "neg" else "NOT", excluding=True)
        node = self.atom()
        if node is None or not negated:
            return node
        return node.child if isinstance(node, Not) else Not(node)

    def atom(self) -> Node | None:
        token = self.take()
        if token.kind == "(":
            return self._group(token)
        if token.kind == "word":
            return _words_node(token.text)
        if token.kind == "phrase":
            return _words_node(token.text, allow_prefix=False)
        if token.kind == "regex":
            compile_regex(token.text, token.flags, token.position)
            return Regex(token.text, token.flags)
        if token.kind == "field":
            return field_node(token)
        if token.kind == ")":
            raise QueryError("unmatched )", token.position)
        raise QueryError(f"{token.text or token.kind} needs a term on each side", token.position)

    def _group(self, opening: Token) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"too many nested parentheses (over {MAX_DEPTH})", opening.position)
        start = self.index
        inner = self.sequence()
        closing = self.peek()
        if closing is None:
            raise QueryError("unclosed (", opening.position)
        self.take()
        if self.index - 1 == start:
            raise QueryError("empty ( )", opening.position)
        self.depth -= 1
        return inner

    def _require_operand(self, operator: Token, name: str, *, excluding: bool = False) -> None:
        following = self.peek()
        if following is None or following.kind in (")", "or", "and"):
            message = f"nothing to exclude after {name}" if excluding else None
            raise QueryError(message or f"{name} needs a term on each side", operator.position)


def _combine(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.children if isinstance(part, kind) else (part,))
    return kind(tuple(flat))


def _words_node(text: str, *, allow_prefix: bool = True) -> Node | None:
    """A word, or a phrase for text that folds to several words (``Sadr’s`` -> sadr s)."""
    prefix = allow_prefix and len(text) > 1 and text.endswith("*")
    folded = words(text.rstrip("*") if prefix else text)
    if not folded:
        return None
    if len(folded) == 1:
        return Word(folded[0], prefix)
    return Phrase(tuple(folded))
