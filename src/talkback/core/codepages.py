"""Which legacy code page a page that is not UTF-8 was written in, and the page read in it.

chardet weighs how plausible the letter pairs of each reading of the bytes are in each language
it knows: a Turkish page read as Western text has ``þ`` and ``ý`` inside words no Icelandic
writer would write (``teþekkür``), a Czech one ``ø`` among Czech words (``pøes``), a Lithuanian
one ``ð`` for its ``š``. Its likeliest reading is taken, with three corrections:

* A page that reads the same in Windows-1252 stays Windows-1252, as Western pages always were
  (Latin-1 when it holds bytes Windows-1252 leaves undefined).
* Of two readings chardet finds about as plausible, one with a symbol inside a word or a C1
  control character is not taken: ``artyku³`` is a Polish ``artykuł`` read as Western text.
* A charset an HTML page declares, which chardet follows without looking further, is believed
  only when it reads the page as letters and not as the Western text: templates declared
  ISO-8859-1 whatever the page was written in. Otherwise the page's letters decide.

Of an ISO 8859 code page and its Windows twin that read the page alike (ISO-8859-9 and
Windows-1254 for a page without curly quotes), the Windows one is named.
"""

from __future__ import annotations

import re
import unicodedata

#: what chardet must not offer for a page that is not UTF-8: without a byte-order mark, UTF-16
#: and UTF-32 are binary data (``looks_binary`` refuses them before a guess is asked for)
_NOT_LEGACY = (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
)  # fmt: skip
#: the confidence chardet gives a charset a page declares (its own guesses stay far below)
_DECLARED_CONFIDENCE = 0.95
#: readings at least this share of the likeliest one's confidence are about as plausible
_ABOUT_AS_PLAUSIBLE = 0.9
#: how much of a reading is looked at for symbols inside words: what chardet looks at
WINDOW = 200_000
#: what may stand between two letters of a word, besides letters and marks
_IN_WORDS = frozenset("\u2019\u00b7\u00a0")
_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")
_C1_CONTROLS = re.compile("[\u0080-\u009f]")

Guess = tuple[str, float]  # a Python codec name and chardet's confidence in it


def read_legacy(data: bytes) -> tuple[str, str]:
    """The text of a page that is not UTF-8 and the name of the code page it was read in."""
    try:
        western = (data.decode("cp1252"), "windows-1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined: Latin-1 then
        western = (data.decode("latin-1"), "iso-8859-1")
    guesses, declared = _guesses(data)
    if declared and not _believed(data, guesses[0][0], western[0]):
        guesses = _guesses(data, refused=guesses[0][0])[0] or guesses
    chosen = _likeliest_reading(data, guesses)
    if chosen is None or chosen[1] == western[0]:
        return western
    codec, text = chosen
    return text, _encoding_name(_windows_twin(data, text, codec, guesses))


def _guesses(data: bytes, refused: str | None = None) -> tuple[list[Guess], bool]:
    """chardet's guesses for ``data``, likeliest first, and whether the one guess is the charset
    the page declares. Code pages of the web and ISO 8859 are guessed, not those of DOS or the
    old Mac OS (short Western pages were taken for them), nor ``refused``."""
    from chardet import EncodingEra, detect_all  # imported here: only legacy pages need it

    found = detect_all(
        data,
        encoding_era=EncodingEra.MODERN_WEB | EncodingEra.LEGACY_ISO,
        exclude_encodings=[*_NOT_LEGACY, *([refused] if refused else [])],
        compat_names=False,
        prefer_superset=False,
    )
    guesses = [(guess["encoding"], guess["confidence"]) for guess in found if guess["encoding"]]
    declared = len(found) == 1 and found[0]["confidence"] >= _DECLARED_CONFIDENCE
    return guesses, declared and bool(guesses)


def _believed(data: bytes, codec: str, western: str) -> bool:
    """Whether a charset a page declares reads it as letters (no C1 control character, as the
    ``š`` of Windows-1250 gives under ISO-8859-2) and otherwise than as the Western text."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return text != western and _C1_CONTROLS.search(text) is None


def _likeliest_reading(data: bytes, guesses: list[Guess]) -> tuple[str, str] | None:
    """The codec and reading of the likeliest guess that reads all of ``data``; of those about as
    plausible, the first that reads as text (see ``reads_as_text``)."""
    best: tuple[str, str, float] | None = None
    for codec, confidence in guesses:
        if best is not None and confidence < best[2] * _ABOUT_AS_PLAUSIBLE:
            break
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):  # a byte past what chardet looked at
            continue
        if reads_as_text(text[:WINDOW]):
            return codec, text
        if best is None:
            best = (codec, text, confidence)
    return None if best is None else best[:2]


def reads_as_text(text: str) -> bool:
    """Whether ``text`` reads as text: no C1 control character, and no symbol inside a word
    (between two letters). A Polish page read as Western text has them (``by³em``, ``mo¿e``:
    its ł and ż); a Western one has accented letters there (``Zoë``)."""
    for run in _NON_ASCII_RUNS.finditer(text):
        start, end = run.span()
        for index in range(start, end):
            char = text[index]
            category = unicodedata.category(char)
            if category == "Cc":
                return False
            if category[0] in "LM" or char in _IN_WORDS:
                continue
            if (
                0 < index < len(text) - 1
                and text[index - 1].isalpha()
                and text[index + 1].isalpha()
            ):
                return False
    return True


def _windows_twin(data: bytes, text: str, codec: str, guesses: list[Guess]) -> str:
    """The Windows code page among ``guesses`` that reads ``data`` as ``text``, else ``codec``:
    chardet names either of two twins that read a page alike, and the Windows one, what web pages
    mostly were, is named every time."""
    for other, _ in guesses:
        if other.startswith("cp125") and other != codec:
            try:
                if data.decode(other) == text:
                    return other
            except UnicodeDecodeError:
                continue
    return codec


def _encoding_name(codec: str) -> str:
    """A Python codec name as people write it: ``cp1251`` -> ``windows-1251``,
    ``iso8859-13`` -> ``iso-8859-13``, ``shift_jis`` -> ``shift-jis``."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    codec = codec.replace("_", "-")
    if codec.startswith("iso8859-"):
        return "iso-" + codec[3:]
    return codec
