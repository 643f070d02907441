"""What the editor and the create page share: who is authoring, and their workshops."""

from __future__ import annotations

from modules.authoring import library
from modules.authoring.access import Author, may_author
from modules.catalog import Workshop
from modules.i18n import Lang, t
from modules.ui import keyring, state

__all__ = ["creatable_workshops", "current_author", "editor_url"]


def current_author(*, create_token: bool = False) -> Author | None:
    """The author this tab is, from the typed key or (no key configured) the browser token."""
    settings = state.settings()
    found = may_author(settings, verified=keyring.author_key())
    if found is not None:
        return found
    token = keyring.author_token(create=create_token)
    return may_author(settings, browser_token=token)


def editor_url() -> str:
    """The editor's address, with this tab's author token when it has one."""
    token = keyring.author_token(create=False)
    return f"editor?author={token}" if token and not keyring.author_key() else "editor"


def creatable_workshops(lang: Lang) -> tuple[dict[str, Workshop], dict[str, str]]:
    """The shipped workshops and this author's own, by choice key, with their labels."""
    catalog = state.catalog()
    workshops: dict[str, Workshop] = dict(catalog.workshops)
    labels = {key: workshop.title(lang) for key, workshop in workshops.items()}
    author = current_author()
    if author is not None:
        for item in library.mine(state.store(), author, catalog):
            workshops[item.choice_key] = item.workshop
            labels[item.choice_key] = t(
                lang, "facilitate_mine", title=item.workshop.title(lang), version=item.version
            )
    return workshops, labels
