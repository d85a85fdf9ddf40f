"""talkback.index: see README (Development)."""
