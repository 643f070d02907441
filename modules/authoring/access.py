"""Who may author workshops, and under which scope their workshops are kept.

Whoever may create sessions may author: with no creation key configured, anyone who can open
the create page (their workshops then belong to a private token kept in this browser's editor
link); with one, whoever types it; and always whoever types the admin key. The scope is a
digest, never the secret itself. (To be answered by ``modules.access`` once the room-safety
work lands: this is the one function to rewire.)
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Literal

from modules.identity import digest
from modules.lifecycle import admin_key_ok
from modules.settings import Settings

__all__ = ["ADMIN_OWNER", "Author", "creation_key", "may_author"]

ADMIN_OWNER = "admin"


@dataclass(frozen=True)
class Author:
    """Someone allowed to author, and the scope (``owner``) their workshops are kept under."""

    owner: str
    via: Literal["browser", "creation_key", "admin"]


def creation_key(settings: Settings) -> str | None:
    """The instance's creation key (``WORKSHOP_CREATE_KEY``), once that setting exists."""
    return getattr(settings, "create_key", None) or None


def may_author(
    settings: Settings, *, secret: str | None = None, browser_token: str | None = None
) -> Author | None:
    """The author this secret (typed) or browser token (no key configured) makes, or None."""
    if secret and admin_key_ok(settings, secret):
        return Author(ADMIN_OWNER, "admin")
    key = creation_key(settings)
    if key:
        if secret and hmac.compare_digest(secret.encode(), key.encode()):
            return Author(f"key:{digest(secret)}", "creation_key")
        return None
    if browser_token:
        return Author(f"browser:{digest(browser_token)}", "browser")
    return None
