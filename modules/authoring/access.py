"""Who may author workshops, and under which scope their workshops are kept.

Whoever may create sessions may author (``modules.access``): with no creation key configured,
anyone who can open the create page (their workshops then belong to a private token kept in
this browser's editor link); with one, whoever typed it; and always whoever typed the admin key.
Keys are checked once, when typed, by ``access.check_author_key`` (which slows repeated
failures); here they are already known good. The scope is a digest, never the secret itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from modules.access import Role, creation_open
from modules.identity import digest
from modules.settings import Settings

__all__ = ["ADMIN_OWNER", "Author", "may_author"]

ADMIN_OWNER = "admin"


@dataclass(frozen=True)
class Author:
    """Someone allowed to author, and the scope (``owner``) their workshops are kept under."""

    owner: str
    via: Literal["browser", "creation_key", "admin"]


def may_author(
    settings: Settings,
    *,
    verified: tuple[Role, str] | None = None,
    browser_token: str | None = None,
) -> Author | None:
    """The author a verified key (role, key typed) or a browser token makes, or None.

    A browser token only counts while no creation key is configured.
    """
    if verified is not None:
        role, secret = verified
        if role is Role.ADMIN:
            return Author(ADMIN_OWNER, "admin")
        if role is Role.CREATOR and not creation_open(settings):
            return Author(f"key:{digest(secret)}", "creation_key")
    if browser_token and creation_open(settings):
        return Author(f"browser:{digest(browser_token)}", "browser")
    return None
