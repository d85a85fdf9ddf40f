"""talkback.gui: see README (Development)."""
