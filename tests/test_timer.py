from datetime import timedelta

from modules import live, timer
from modules.service import create_session
from modules.store.tables import utcnow


def _session(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    return store.session(session.id)


def test_a_started_timer_counts_down_from_the_step_minutes(store, catalog, settings):
    session = _session(store, catalog, settings)
    workshop = catalog.workshops["starter"]
    assert timer.countdown(session) is None
    minutes = timer.default_minutes(workshop, 0)
    assert minutes == workshop.steps[0].minutes == 4
    now = utcnow()
    timer.start(store, session, minutes, now=now)
    session = store.session(session.id)
    running = timer.countdown(session, now=now + timedelta(seconds=30))
    assert running.seconds_left == 4 * 60 - 30 and running.clock == "3:30"
    assert not running.finished
    over = timer.countdown(session, now=now + timedelta(minutes=5))
    assert over.finished and over.clock == "0:00"


def test_more_time_extends_and_stop_or_moving_on_clears(store, catalog, settings):
    session = _session(store, catalog, settings)
    now = utcnow()
    timer.start(store, session, 2, now=now)
    timer.add_minutes(store, store.session(session.id), 1, now=now)
    assert timer.countdown(store.session(session.id), now=now).seconds_left == 180
    timer.stop(store, store.session(session.id))
    assert store.session(session.id).timer_ends_at is None
    timer.start(store, store.session(session.id), 2)
    live.go_to_step(store, store.session(session.id), 1)
    assert store.session(session.id).timer_ends_at is None  # a countdown belongs to its step


def test_a_timer_change_is_a_state_change_phones_follow(store, catalog, settings):
    session = _session(store, catalog, settings)
    before = session.state_version
    timer.start(store, session, 1)
    assert store.session(session.id).state_version > before


def test_the_countdown_html_is_self_contained_and_shows_the_end():
    now = utcnow()
    running = timer.Countdown(now + timedelta(seconds=75), 75)
    page = timer.countdown_html(running, "Time's <up>")
    assert "1:15" in page and "<script>" in page
    assert "http" not in page and "src=" not in page  # no external resource
    assert "Time's <up>" not in page  # texts are escaped (JSON inside the script)
    done = timer.countdown_html(timer.Countdown(now, 0), "Time's up")
    assert "ws-timer-done" in done and "Time's up" in done


def test_the_start_is_kept_so_a_talk_counts_turns_from_it(store, catalog, settings):
    """More time keeps the start of a running countdown; a restart after the end starts anew."""
    session = _session(store, catalog, settings)
    now = utcnow().replace(microsecond=0)
    timer.start(store, session, 2, now=now)
    assert store.session(session.id).timer_started_at == now
    timer.add_minutes(store, store.session(session.id), 1, now=now + timedelta(seconds=30))
    assert store.session(session.id).timer_started_at == now
    later = now + timedelta(minutes=10)  # long over: one more minute is a new countdown
    timer.add_minutes(store, store.session(session.id), 1, now=later)
    assert store.session(session.id).timer_started_at == later
    timer.stop(store, store.session(session.id))
    assert store.session(session.id).timer_started_at is None
    timer.start(store, store.session(session.id), 2, now=now)
    live.go_to_step(store, store.session(session.id), 1)
    assert store.session(session.id).timer_started_at is None
