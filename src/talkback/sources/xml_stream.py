"""A blog export's XML streamed as records, defused against XML attacks, and read past breaks.

WordPress and Disqus exports are long flat lists of records (``<item>``, ``<thread>``, ``<post>``)
under one or two container elements. :class:`XmlRecords` parses the export incrementally with
defusedxml's parser (a DTD, entity declarations and external references are refused, which rules
out entity-expansion bombs and external-entity tricks before they can cost anything) and hands
over each record as soon as its end tag is read, detached from the tree, so memory holds one
record at a time however large the export.

A break in the XML (a stray ``&``, a truncated file) does not lose the rest: the records read
before it stay, the break becomes a :class:`Problem` naming its line, and reading starts again
at the next record's start tag with a fresh parser, under the same namespace declarations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from talkback.core.model import Problem
from talkback.sources.xml_text import CleanXmlBytes

#: after this many breaks the export is given up on (the records read so far stay)
MAX_BREAKS = 1000
#: a record (one post with its comments) larger than this is skipped rather than held in memory
MAX_RECORD_BYTES = 256 * 2**20
_SYNTHETIC = "talkback-resumed"


class XmlRefusedError(Exception):
    """The export uses an XML feature Talkback refuses to process (DTD, entities, external refs)."""


class XmlUnreadableError(Exception):
    """The data is not XML at all: it breaks before its first element."""


class Record(ET.Element):
    """An element that remembers the line of the export its start tag is on."""

    __slots__ = ("line",)
    line: int


class _Target:
    """Parser target: builds elements with the C TreeBuilder and detaches each finished record."""

    def __init__(self, record_depth: int, line_base: int) -> None:
        self._builder = ET.TreeBuilder(element_factory=Record)
        self.data = self._builder.data
        self._record_depth = record_depth
        self._stack: list[Record] = []
        self.line_base = line_base
        self.expat: Any = None
        self.ready: list[Record] = []
        self.root_tag: str | None = None
        #: the tags of the container elements around the records, outermost first
        self.containers: list[str] = []
        #: namespace declarations on the container elements, to restart under after a break
        self.namespaces: dict[str, str] = {}
        self._pending_ns: dict[str, str] = {}
        #: parser byte offset where the open record starts, None between records
        self.record_start: int | None = None

    def start_ns(self, prefix: str, uri: str) -> None:
        self._pending_ns[prefix] = uri

    def start(self, tag: str, attrib: dict[str, str]) -> Record:
        element = cast(Record, self._builder.start(tag, attrib))
        element.line = self.line_base + self.expat.CurrentLineNumber
        depth = len(self._stack)
        if depth == 0 and self.root_tag is None:
            self.root_tag = tag
        if depth < self._record_depth:
            self.containers.append(tag)
        elif depth == self._record_depth:
            self.record_start = self.expat.CurrentByteIndex
        if self._pending_ns:
            if depth < self._record_depth:
                self.namespaces.update(self._pending_ns)
            self._pending_ns = {}
        self._stack.append(element)
        return element

    def end(self, tag: str) -> Record:
        element = cast(Record, self._builder.end(tag))
        self._stack.pop()
        if len(self._stack) == self._record_depth:
            parent = self._stack[-1]
            if len(parent) and parent[-1] is element:
                del parent[-1]  # detached: the record is the reader's, the tree forgets it
            self.ready.append(element)
            self.record_start = None
        return element

    def open_record_line(self) -> int | None:
        """The start line of the record being read when the parser stopped, if any."""
        if len(self._stack) > self._record_depth:
            return self._stack[self._record_depth].line
        return None

    def close(self) -> None:
        return None


class _Window:
    """The last two chunks taken from the export, with their absolute offset and lines before."""

    def __init__(self) -> None:
        self.start = 0
        self.lines_before = 0
        self._older = b""
        self._newer = b""

    def take(self, chunk: bytes) -> None:
        self.start += len(self._older)
        self.lines_before += self._older.count(b"\n")
        self._older, self._newer = self._newer, chunk

    @property
    def data(self) -> bytes:
        return self._older + self._newer

    @property
    def end(self) -> int:
        """The absolute offset just after the last byte taken."""
        return self.start + len(self._older) + len(self._newer)

    def find(self, pattern: re.Pattern[bytes], after: int) -> int | None:
        match = pattern.search(self.data, max(after - self.start, 0))
        return None if match is None else self.start + match.start()

    def line_at(self, offset: int) -> int:
        return self.lines_before + self.data[: offset - self.start].count(b"\n") + 1

    def tail(self, offset: int) -> bytes:
        return self.data[offset - self.start :]


class _Reading:
    """Where a read has got to: the chunks left, the window, the current parser and its origin."""

    def __init__(self, chunks: Iterator[bytes], parser: Any, target: _Target) -> None:
        self.chunks = chunks
        self.window = _Window()
        self.parser = parser
        self.target = target
        #: absolute offset of the parser's first byte (a resumed parser starts with a prefix)
        self.origin = 0
        #: absolute offset of the last resumption, -1 before any
        self.resumed_at = -1
        self.breaks = 0

    def record_size(self) -> int:
        """Bytes read so far of the record that is still open (0 when none is)."""
        start = self.target.record_start
        return 0 if start is None else self.window.end - (self.origin + start)


class XmlRecords:
    """The records (elements at ``record_depth``) of an XML export, in document order.

    Iterating yields :class:`Record` elements and :class:`Problem` entries. It raises
    :class:`XmlRefusedError` for a DTD, entity declarations or external references, and
    :class:`XmlUnreadableError` when the data breaks before its first element. ``record_tags``
    are the local names a record may start with, where reading resumes after a break.
    """

    def __init__(
        self, stream: BinaryIO, where: str, *, record_depth: int, record_tags: tuple[str, ...]
    ) -> None:
        self.where = where
        self.root_tag: str | None = None
        self._record_depth = record_depth
        self._bytes = CleanXmlBytes(stream)
        names = b"|".join(re.escape(tag.encode()) for tag in record_tags)
        self._resume_at = re.compile(rb"<(?:" + names + rb")[\s/>]")

    @property
    def encoding(self) -> str:
        """The character encoding the export was read in."""
        return self._bytes.encoding

    def __iter__(self) -> Iterator[Record | Problem]:
        reading = _Reading(iter(self._bytes), *self._parser(line_base=0))
        for chunk in reading.chunks:
            reading.window.take(chunk)
            data: bytes | None = chunk
            while data:
                try:
                    self._feed(reading.parser, data)
                    data = b""
                except ET.ParseError as error:
                    yield from self._finished(reading.target)
                    line = error.position[0] + reading.target.line_base
                    if reading.target.root_tag is None:
                        raise XmlUnreadableError(
                            f"not well-formed XML at line {line}, column {error.position[1]}: "
                            f"{_reason(error)}"
                        ) from None
                    # The break may sit on the next record's start tag: resume there, unless
                    # that is where the last resumption started (no progress).
                    broken_at = reading.origin + max(reading.parser.parser.ErrorByteIndex, 0)
                    if broken_at <= reading.resumed_at:
                        broken_at = reading.resumed_at + 1
                    cause = f"broken XML ({_reason(error)})"
                    problem, data = self._resume(reading, broken_at, line, cause)
                    yield problem
                    if data is None:
                        yield from self._repairs()
                        return
                if data == b"" and reading.record_size() > MAX_RECORD_BYTES:
                    yield from self._finished(reading.target)
                    line = reading.target.open_record_line() or 0
                    cause = f"a record larger than {MAX_RECORD_BYTES / 2**20:g} MiB"
                    problem, data = self._resume(reading, reading.window.end, line, cause)
                    yield problem
                    if data is None:
                        yield from self._repairs()
                        return
            yield from self._finished(reading.target)
        yield from self._close(reading)
        yield from self._repairs()

    def _resume(
        self, reading: _Reading, search_from: int, line: int, cause: str
    ) -> tuple[Problem, bytes | None]:
        """After a break: the problem to report, and the data to go on with (None: stop)."""
        reading.breaks += 1
        window = reading.window
        resume = window.find(self._resume_at, search_from)
        while resume is None and reading.breaks <= MAX_BREAKS:
            more = next(reading.chunks, None)
            if more is None:
                break
            window.take(more)
            resume = window.find(self._resume_at, search_from)
        record = reading.target.open_record_line()
        lost = f"the record from line {record} is incomplete; " if record else ""
        where = f"{self.where}:{line}"
        if resume is None or reading.breaks > MAX_BREAKS:
            stop = "too many breaks" if reading.breaks > MAX_BREAKS else "no record after it"
            return Problem(where, f"{cause}; {lost}{stop}, reading stopped"), None
        resume_line = window.line_at(resume)
        message = f"{cause}; {lost}skipped to the next record at line {resume_line}"
        reading.parser, reading.target = self._parser(
            line_base=resume_line - 1, resumed=reading.target
        )
        prefix = self._prefix(reading.target)
        reading.origin = resume - len(prefix)
        reading.resumed_at = resume
        return Problem(where, message), prefix + window.tail(resume)

    def _close(self, reading: _Reading) -> Iterator[Record | Problem]:
        """Finish the parse at the end of the data; a document left open was cut off."""
        try:
            reading.parser.close()
        except ET.ParseError as error:
            yield from self._finished(reading.target)
            if reading.target.root_tag is None:
                raise XmlUnreadableError(f"no XML element found ({_reason(error)})") from None
            record = reading.target.open_record_line()
            lost = f"; the record from line {record} is incomplete and was left out"
            line = error.position[0] + reading.target.line_base
            message = (
                f"the XML ends early, as if cut off ({_reason(error)}){lost if record else ''}"
            )
            yield Problem(f"{self.where}:{line}", message)
        yield from self._finished(reading.target)

    def _parser(self, *, line_base: int, resumed: _Target | None = None) -> tuple[Any, _Target]:
        target = _Target(self._record_depth, line_base)
        if resumed is not None:
            target.namespaces = dict(resumed.namespaces)
            target.root_tag = resumed.root_tag
            target.containers = resumed.containers[:]
        parser = DefusedXMLParser(
            target=target,
            encoding="utf-8",
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        target.expat = parser.parser
        return parser, target

    def _prefix(self, target: _Target) -> bytes:
        """The container start tags to resume under, as the export wrote them, namespaces and all.

        The records then close the containers with the export's own end tags.
        """
        prefixes = {uri: prefix for prefix, uri in target.namespaces.items()}
        declarations = "".join(
            f' xmlns{":" + prefix if prefix else ""}="{_escape(uri)}"'
            for prefix, uri in target.namespaces.items()
        )
        tags = [_raw_name(tag, prefixes) for tag in target.containers[: self._record_depth]]
        tags += [_SYNTHETIC] * (self._record_depth - len(tags))
        opening = f"<{tags[0]}{declarations}>" + "".join(f"<{tag}>" for tag in tags[1:])
        return opening.encode("utf-8")

    def _feed(self, parser: Any, data: bytes) -> None:
        try:
            parser.feed(data)
        except DTDForbidden:
            raise XmlRefusedError(
                "has a DTD (<!DOCTYPE …>), which a blog export never needs"
            ) from None
        except EntitiesForbidden:
            raise XmlRefusedError("declares XML entities (an entity-expansion attack)") from None
        except ExternalReferenceForbidden:
            raise XmlRefusedError("refers to an external entity") from None

    def _finished(self, target: _Target) -> Iterator[Record]:
        if self.root_tag is None:
            self.root_tag = target.root_tag
        ready, target.ready = target.ready, []
        yield from ready

    def _repairs(self) -> Iterator[Problem]:
        for note in self._bytes.problems():
            yield Problem(self.where, note)


def _reason(error: ET.ParseError) -> str:
    message = str(error.args[0]) if error.args else "unreadable"
    return message.split(":", 1)[0]


def _raw_name(tag: str, prefixes: dict[str, str]) -> str:
    """``{uri}local`` written back with the prefix the export declared for ``uri``."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = prefixes.get(uri)
    if prefix is None:
        return _SYNTHETIC
    return f"{prefix}:{local}" if prefix else local


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
