"""Text a page shows as typed."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown so user-supplied text (URL values, uploaded titles) shows as typed, never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
