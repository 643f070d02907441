"""Which workshop a session runs: its own copy when it has one, else the shipped catalog's.

Every page, the export and the command ask ``session_workshop`` and nothing else, so an edit in
the editor (or a new release of the shipped files) never changes a running or past session. A
copy never changes once stored, so each process keeps the ones it read (no query per rerun).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from modules.authoring.document import check, document_of
from modules.catalog import Catalog, Workshop
from modules.store import SessionInfo, Store

__all__ = ["session_workshop", "snapshot_of"]

_LOG = logging.getLogger(__name__)
_KEEP = 256
_read: OrderedDict[tuple[str, int, str], Workshop | None] = OrderedDict()
_lock = threading.Lock()


def snapshot_of(catalog: Catalog, workshop: Workshop) -> dict:
    """The copy a new session keeps: the workshop and every exercise its steps use."""
    return document_of(catalog, workshop)


def session_workshop(store: Store, catalog: Catalog, session: SessionInfo) -> Workshop | None:
    """The workshop ``session`` runs, bound to the exercises it started with.

    A session from before copies were kept (or whose copy a later release can no longer read)
    runs the catalog's workshop of the same id, as it always did.
    """
    key = (store.url, session.id, session.code)
    with _lock:
        if key in _read:
            _read.move_to_end(key)
            found = _read[key]
            return found if found is not None else catalog.workshops.get(session.workshop_id)
    document = store.session_document(session.id)
    own = None
    if document is not None:
        checked = check(document)
        own = checked.workshop()
        if own is None:
            _LOG.warning(
                "session %s: its copy of workshop '%s' no longer loads (%s); using the catalog's",
                session.code,
                session.workshop_id,
                checked.errors[0] if checked.errors else "no workshop",
            )
    with _lock:
        _read[key] = own
        while len(_read) > _KEEP:
            _read.popitem(last=False)
    return own if own is not None else catalog.workshops.get(session.workshop_id)
