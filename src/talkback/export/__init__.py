"""talkback.export: see README (Development)."""
