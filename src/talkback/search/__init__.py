"""talkback.search: see README (Development)."""
