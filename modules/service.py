"""What facilitators and participants do, as plain functions the CLI and the pages both call.

Pages and commands stay thin: they gather input, call one function here, and show the result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from modules.catalog import Catalog, Workshop, load_catalog
from modules.i18n import Lang
from modules.identity import (
    digest,
    new_facilitator_key,
    normalise_join_code,
    projector_token,
)
from modules.kinds import AnswerRejected, ExerciseBase, kind_of
from modules.settings import Settings
from modules.store import SessionInfo, Store

__all__ = [
    "SessionLinks",
    "catalog_for",
    "create_session",
    "find_session",
    "links_for",
    "participant_link",
    "store_for",
    "submit_answer",
]


@dataclass(frozen=True)
class SessionLinks:
    code: str
    workshop_id: str
    lang: str
    participant_url: str
    console_url: str
    projector_url: str
    facilitator_key: str
    projector_token: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@cache
def store_for(url: str) -> Store:
    return Store(url)


def catalog_for(settings: Settings) -> Catalog:
    return load_catalog(settings.exercises_dir)


def participant_link(settings: Settings, session: SessionInfo) -> str:
    """What the QR code holds: the join code only."""
    base = settings.public_base_url.rstrip("/")
    return f"{base}/?{urlencode({'code': session.code})}"


def links_for(settings: Settings, session: SessionInfo, key: str) -> SessionLinks:
    """The session's links. The projector's carries its own token (derived from the key, which
    it does not reveal): a projector's address bar never gives the console away."""
    base = settings.public_base_url.rstrip("/")
    view = projector_token(key, session.projector_generation)
    return SessionLinks(
        code=session.code,
        workshop_id=session.workshop_id,
        lang=session.lang,
        participant_url=participant_link(settings, session),
        console_url=f"{base}/console?{urlencode({'code': session.code, 'key': key})}",
        projector_url=f"{base}/projector?{urlencode({'code': session.code, 'view': view})}",
        facilitator_key=key,
        projector_token=view,
    )


def create_session(
    store: Store,
    catalog: Catalog,
    settings: Settings,
    workshop_id: str,
    lang: Lang,
    *,
    self_paced: bool = False,
    capacity: int | None = None,
    new_per_hour: int | None = None,
    workshop: Workshop | None = None,
    owner_token: str | None = None,
) -> SessionLinks:
    """A session of the catalog's ``workshop_id``, or of ``workshop`` (an authored one); either
    way the session keeps its own copy, which later edits never reach. ``capacity`` defaults to
    the instance's default, and never exceeds its limit; ``new_per_hour`` bounds how many
    sessions an hour may create. With ``owner_token`` (a personal facilitator link,
    ``modules.ownership``) the session is listed by that link, and its console key is the one
    the link derives for it."""
    from modules import ownership
    from modules.snapshots import snapshot_of

    workshop = workshop or catalog.workshops[workshop_id]
    key = new_facilitator_key()
    wanted = settings.default_capacity if capacity is None else capacity
    session = store.create_session(
        workshop_id=workshop.id,
        lang=lang,
        key_digest=digest(key),
        step_count=len(workshop.steps),
        privacy_threshold=settings.privacy_threshold,
        retention_days=settings.retention_days,
        max_sessions=settings.max_sessions,
        self_paced=self_paced,
        capacity=max(1, min(wanted, settings.max_participants_per_session)),
        projector_digest=digest(projector_token(key, 0)),
        new_per_hour=new_per_hour,
        document=snapshot_of(catalog, workshop),
        owner_digest=ownership.owner_digest(owner_token) if owner_token else None,
    )
    if owner_token:  # the code is drawn by the store: the key derived from it comes after
        key = ownership.console_key(owner_token, session.code)
        store.update_session(
            session.id, key_digest=digest(key), projector_digest=digest(projector_token(key, 0))
        )
        session = store.session(session.id) or session
    return links_for(settings, session, key)


def find_session(store: Store, typed_code: str | None) -> SessionInfo | None:
    code = normalise_join_code(typed_code or "")
    return store.session_by_code(code) if code else None


def submit_answer(
    store: Store,
    settings: Settings,
    session: SessionInfo,
    exercise: ExerciseBase,
    step_index: int,
    participant_id: int,
    raw: Any,
    *,
    open_checked: bool = False,
) -> Any:
    """Validate, then store; ``AnswerRejected`` (nothing stored) on bad input or a closed step.
    ``open_checked``: the caller read the step's state for this very answer already."""
    if not open_checked and not store.step_state(session.id, step_index).is_open:
        raise AnswerRejected("step_closed")
    value = kind_of(exercise).validate(exercise, raw, settings.max_answer_chars)
    store.save_answer(session.id, step_index, exercise.id, participant_id, value)
    return value
