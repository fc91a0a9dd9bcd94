"""Kinds of work and known platforms: names, glyphs, labels.

Plain data with no imports, shared by the CLI parser (which must not import
pydantic), the models, the timeline, the TUI and every exporter. Each kind has
its own glyph so kinds differ by shape, not by colour alone.
"""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "checkin", "monitor", "reply", "publish", "meeting", "research", "analytics", "schedule", "break",
)

GLYPHS: dict[str, str] = {
    "checkin": "◉",
    "monitor": "◎",
    "reply": "✎",
    "publish": "➤",
    "meeting": "◆",
    "research": "✦",
    "analytics": "▲",
    "schedule": "◷",
    "break": "◌",
}

# Fallback colour per kind (theme files may override each; see smm_tui.themes).
DEFAULT_KIND_COLORS: dict[str, str] = {
    "checkin": "#E4572E",
    "monitor": "#17BEBB",
    "reply": "#D7263D",
    "publish": "#76B041",
    "meeting": "#8E44AD",
    "research": "#2E86DE",
    "analytics": "#F39C12",
    "schedule": "#5D6D7E",
    "break": "#95A5A6",
}

KIND_LABELS: dict[str, str] = {
    "checkin": "Check-in",
    "monitor": "Monitoring",
    "reply": "Reply",
    "publish": "Publish",
    "meeting": "Meeting",
    "research": "Research",
    "analytics": "Analytics",
    "schedule": "Schedule",
    "break": "Break",
}

PLATFORM_LABELS: dict[str, str] = {
    "email": "Email",
    "x": "X",
    "twitter": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "blog": "Blog",
    "foursquare": "Foursquare",
    "news": "News",
    "tiktok": "TikTok",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
}


def platform_label(name: str) -> str:
    """Display label of a platform; unknown platforms are shown as written."""
    return PLATFORM_LABELS.get(name, name)
