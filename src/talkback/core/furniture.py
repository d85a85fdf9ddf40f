"""Page furniture: the lines a scraped page carries that nobody wrote as part of the discussion.

Related-posts headers, trackback sections, moderation notes, "Comments" headers, share buttons,
copyright footers. The parser looks for them only where furniture lives (between the article and
the first comment, and after the last comment) and sets them aside as the post's boilerplate.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # section headers above or below the comments
    r"(?:related|recent|popular|similar|more|other|latest|top)\s+"
    r"(?:posts?|articles?|stories|entries|links|reading|news)(?:\s+.{0,30})?\s*:?",
    r"you\s+(?:might|may)\s+also\s+(?:like|enjoy)\s*:?",
    r"(?:also\s+)?(?:read|see)\s+(?:more|also)\s*:?",
    r"(?:trackbacks?|pingbacks?)(?:\s*/\s*(?:pings?|trackbacks?))?\s*:?",
    r"trackback\s+(?:url|uri|link)\b.*",
    r"(?:\d+\s+)?(?:comments?|responses?|replies|reactions?|discussion|thoughts?)"
    r"(?:\s*\(\d+\))?\s*:?",
    # the same headers in German, French, Spanish, Italian, Dutch and Portuguese
    r"(?:\d+\s+)?(?:kommentare?|antworten|commentaires?|réponses?|comentarios?|respuestas?"
    r"|comment[io]|rispost[ae]|reacties|reactie|comentários?|respostas?|kommentar(?:er)?"
    r"|komentarz[ey]?)(?:\s*\(\d+\))?\s*:?",
    r"(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies|thoughts?)"
    r"(?:\s+(?:to|on|for)\s+.{1,200})?",
    r"(?:leave|post|add|write|submit)\s+(?:a|an|your)\s+(?:comment|reply|response)\b.{0,80}",
    r"(?:comments?|discussion)\s+(?:are\s+|is\s+)?(?:now\s+)?(?:closed|open)\b.{0,80}",
    r"(?:share|tweet|email|print|bookmark)\s+(?:this|it)\b.{0,30}",
    r"(?:tags?|tagged|labels?|filed\s+under|categor(?:y|ies)|posted\s+in|topics?)\s*:.{0,300}",
    r"(?:you\s+must\s+be\s+logged\s+in|log\s*in|sign\s*in|register)\b.{0,80}"
    r"(?:comment|post|reply)\b.{0,80}",
    r"(?:powered\s+by|copyright\b|©|all\s+rights\s+reserved|\(c\)\s*\d{4}).{0,200}",
    r"(?:subscribe|rss|atom)\b.{0,80}(?:comments?|feed|posts?)\b.{0,40}",
    r"(?:continue\s+reading|read\s+more|load\s+more\s+comments|show\s+more)\b.{0,60}",
    r"(?:advertisement|sponsored(?:\s+content)?|ad)\s*:?",
    r"(?:previous|next|older|newer)\s+(?:post|article|entry|comments?)\b.{0,200}",
    r"(?:reply|permalink|report(?:\s+abuse)?|flag|like|share|link)",
    # comment forms under the comments
    r"(?:your\s+)?e-?mail\s+(?:address\s+)?will\s+(?:not|never)\s+be\s+(?:published|shared)\b.{0,120}",
    r"required\s+fields\s+are\s+marked\b.{0,20}",
    r"(?:notify\s+me\s+of|save\s+my\s+name)\b.{0,160}",
    r"(?:post|submit|preview)\s+(?:a\s+)?comment|(?:verify|previewing)\s+your\s+comment",
    r"(?:newer|older)\s+post(?:\s+(?:newer|older)\s+post)?(?:\s+home)?",
    r"subscribe\s+to\s*:.{0,80}",
    r"page\s+\d+\s+of\s+\d+|(?:«\s*)?(?:first|last|prev(?:ious)?|next)\s*(?:page)?\s*»?",
    # moderation notes: a sentence about comments and the people who police them
    r".{0,200}\bcomments?\b.{0,400}\b(?:management|moderat\w*|terms\s+of\s+(?:use|service)"
    r"|comment\s+policy|endorses?|posting\s+privileges?)\b.{0,400}",
]
_FURNITURE = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS), re.IGNORECASE)

#: furniture is never longer than this; longer lines are prose
MAX_FURNITURE_CHARS = 1200
#: a short line (a related-post title, a section name) may sit between furniture lines
SHORT_LINE_WORDS = 10
SHORT_LINE_CHARS = 90


def is_furniture(line: str) -> bool:
    """Whether a line (stripped) is recognisable page furniture."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_FURNITURE_CHARS:
        return False
    return _FURNITURE.fullmatch(stripped) is not None


def is_short(line: str) -> bool:
    """Whether a line is short enough to be a heading or a link title rather than prose."""
    stripped = line.strip()
    return len(stripped) <= SHORT_LINE_CHARS and len(stripped.split()) <= SHORT_LINE_WORDS


def is_avatar_initial(line: str, author: str | None) -> bool:
    """Whether ``line`` is a lone avatar initial standing for ``author`` (``L`` for ``letget``)."""
    stripped = line.strip()
    if len(stripped) != 1 or not stripped.isalnum() or not author:
        return False
    initial = next((ch for ch in author if ch.isalnum()), "")
    return initial.casefold() == stripped.casefold()
