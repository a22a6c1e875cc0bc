"""The lecture, stored with the class board (same SQLite file, same rules): the setups the lecturer sends to the
class, which browsers answered each (Load or Keep mine), short codes for joining links, and prediction questions
with one vote per browser, revealed beside the outcome. A lecturer's second tab, a student's reload and a restarted
server find all of it as it was.

A browser is named here as the run store names it: a hash of its identity (har.store.owner_of), never the identity
its cookie holds."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from har.board.database import TIME_FORMAT, now, transaction
from har.board.store import Board
from har.configs import SetupConfig
from har.errors import HarError
from har.runs import RunRecord
from har.share import decode, query_string

WINNERS = ("rnn", "cnn")  # what a student predicts ends with the higher test accuracy
OUTCOMES = (*WINNERS, "tie")
MARGINS = ("close", "some", "clear", "large")  # by how much: under 2, 2 to 5, 5 to 10, over 10 points
MARGIN_BOUNDS = (2.0, 5.0, 10.0)  # points between the buckets above
SOURCES = ("race", "board")  # where a revealed outcome came from: the lecturer's own run, or the board's verdict
QUESTION_KINDS = ("winner",)
BROWSER_MAX = 100  # characters of a browser's name (its identity's hash)
VOTES_MAX = 2000  # votes one question takes
ANSWERS_MAX = 2000  # browsers whose Load or Keep mine one offer records; past it, only the session remembers
# A session that opens (a reload, a student arriving late) is shown a setup sent at most this long ago that its
# browser has not answered: about the time a class works with one setup. An older one is no longer what the
# lecture is doing, and a student opening the app the next day should not find it.
OFFER_NEWS_S = 20 * 60
LINKS_MAX = 10_000  # short codes kept; the oldest go first
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector and typed on a phone
CODE_LENGTH = 5


@dataclass(frozen=True)
class Offer:
    """A setup the lecturer sent to every open session."""

    id: int
    created: str  # local time, as `now()` writes it
    setup: SetupConfig

    def recent(self, within: float = OFFER_NEWS_S) -> bool:
        """Sent at most `within` seconds ago: still news to a session that opens now."""
        sent = time.mktime(time.strptime(self.created, TIME_FORMAT))
        return time.time() - sent <= within


@dataclass(frozen=True)
class Question:
    """The class's current prediction question, its answers so far, and the outcome once revealed."""

    id: int
    kind: str
    votes: dict[tuple[str, str], int]  # (winner, margin) -> how many browsers answered that
    outcome: str | None = None  # one of OUTCOMES once revealed
    points: float | None = None  # the winner's lead in accuracy points
    source: str | None = None  # one of SOURCES

    @property
    def answers(self) -> int:
        return sum(self.votes.values())

    @property
    def revealed(self) -> bool:
        return self.outcome is not None

    def by_winner(self) -> dict[str, int]:
        return {w: sum(n for (winner, _), n in self.votes.items() if winner == w) for w in WINNERS}


def margin_of(points: float) -> str:
    """The MARGINS bucket a lead of `points` accuracy points falls in."""
    return MARGINS[sum(abs(points) >= b for b in MARGIN_BOUNDS)]


class Lecture:
    """The lecture's part of the board database at `path` (default: the board's)."""

    def __init__(self, path=None):
        self.board = Board(path)

    def revision(self) -> int:
        """A number every lecture write changes: poll it, and read the rest only when it moved."""
        with self.board._open() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'lecture_revision'").fetchone()[0]

    # --- setups sent to the class

    def send(self, setup: SetupConfig) -> Offer:
        """Offer `setup` to every session (its link form only: no free text is stored)."""
        with self.board._open() as conn, transaction(conn):
            conn.execute("INSERT INTO offers (created, query) VALUES (?, ?)", (now(), query_string(setup)))
            _bump(conn)
        return self.offer()

    def offer(self) -> Offer | None:
        """The setup sent last, if any."""
        with self.board._open() as conn:
            row = conn.execute("SELECT id, created, query FROM offers ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else Offer(row[0], row[1], decode(row[2])[0])

    def answer(self, offer_id: int, browser: str, *, loaded: bool) -> bool:
        """Record that `browser` answered the offer (Load, or Keep mine): a reload of it is not offered it again.
        A second answer replaces the first. Only the latest offer is answered (an older page's button records
        nothing), and answers to older offers go; False when nothing was recorded (also past ANSWERS_MAX)."""
        _check_browser(browser)
        with self.board._open() as conn, transaction(conn):
            latest = conn.execute("SELECT max(id) FROM offers").fetchone()[0]
            if latest is None or latest != offer_id:
                return False
            conn.execute("DELETE FROM offer_answers WHERE offer_id < ?", (offer_id,))
            had = conn.execute(
                "SELECT 1 FROM offer_answers WHERE offer_id = ? AND browser = ?", (offer_id, browser)
            ).fetchone()
            total = conn.execute("SELECT count(*) FROM offer_answers WHERE offer_id = ?", (offer_id,)).fetchone()[0]
            if not had and total >= ANSWERS_MAX:
                return False
            conn.execute(
                """INSERT INTO offer_answers VALUES (?, ?, ?, ?) ON CONFLICT (offer_id, browser)
                DO UPDATE SET loaded = excluded.loaded, created = excluded.created""",
                (offer_id, browser, int(loaded), now()),
            )
            _bump(conn)  # the browser's other tabs put the offer away at their next poll
        return True

    def answered(self, offer_id: int, browser: str) -> bool:
        """Whether `browser` answered the offer (Load or Keep mine)."""
        with self.board._open() as conn:
            row = conn.execute(
                "SELECT 1 FROM offer_answers WHERE offer_id = ? AND browser = ?", (offer_id, browser)
            ).fetchone()
        return row is not None

    # --- short joining codes

    def code_for(self, setup: SetupConfig) -> str:
        """A short code ("K7QXM") that stands for `setup`: the same setup always gets the same code."""
        query = query_string(setup)
        with self.board._open() as conn, transaction(conn):
            found = conn.execute("SELECT code FROM links WHERE query = ?", (query,)).fetchone()
            if found:
                return found[0]
            taken = True
            while taken:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                taken = conn.execute("SELECT 1 FROM links WHERE code = ?", (code,)).fetchone() is not None
            conn.execute("INSERT INTO links VALUES (?, ?, ?)", (code, query, now()))
            conn.execute(
                "DELETE FROM links WHERE rowid NOT IN (SELECT rowid FROM links ORDER BY rowid DESC LIMIT ?)",
                (LINKS_MAX,),
            )
        return code

    def setup_for(self, code: str) -> SetupConfig | None:
        """The setup behind a short code (typed in any case), None when no such code exists."""
        code = str(code).strip().upper()[: CODE_LENGTH + 1]
        with self.board._open() as conn:
            row = conn.execute("SELECT query FROM links WHERE code = ?", (code,)).fetchone()
        return None if row is None else decode(row[0])[0]

    # --- prediction questions

    def ask(self, kind: str = "winner") -> Question:
        """Ask the class a new question (it replaces the one before)."""
        if kind not in QUESTION_KINDS:
            raise ValueError(f"kind must be one of {QUESTION_KINDS}")
        with self.board._open() as conn, transaction(conn):
            conn.execute("INSERT INTO questions (created, kind) VALUES (?, ?)", (now(), kind))
            _bump(conn)
        return self.question()

    def question(self) -> Question | None:
        """The current (latest) question with its tally, if one was asked."""
        with self.board._open() as conn:
            row = conn.execute(
                """SELECT id, kind, outcome_winner, outcome_points, outcome_source
                FROM questions ORDER BY id DESC LIMIT 1"""
            ).fetchone()
            if row is None:
                return None
            counts = conn.execute(
                "SELECT winner, margin, count(*) FROM votes WHERE question_id = ? GROUP BY winner, margin", (row[0],)
            ).fetchall()
        return Question(row[0], row[1], {(w, m): n for w, m, n in counts}, row[2], row[3], row[4])

    def vote(self, question_id: int, browser: str, winner: str, margin: str) -> None:
        """Record one browser's answer (a second answer replaces its first: one vote per browser and question,
        however many sessions, reloads and tabs it had).

        Refused in one sentence once the outcome is revealed, for a question that is not the current one, or
        when the question holds VOTES_MAX answers."""
        if winner not in WINNERS or margin not in MARGINS:
            raise HarError.of("lecture.bad_vote")
        _check_browser(browser)
        with self.board._open() as conn, transaction(conn):
            current = conn.execute("SELECT id, outcome_winner FROM questions ORDER BY id DESC LIMIT 1").fetchone()
            if current is None or current[0] != question_id or current[1] is not None:
                raise HarError.of("lecture.closed")
            had = conn.execute(
                "SELECT 1 FROM votes WHERE question_id = ? AND browser = ?", (question_id, browser)
            ).fetchone()
            total = conn.execute("SELECT count(*) FROM votes WHERE question_id = ?", (question_id,)).fetchone()[0]
            if not had and total >= VOTES_MAX:
                raise HarError.of("lecture.full", limit=VOTES_MAX)
            conn.execute(
                """INSERT INTO votes VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id, browser)
                DO UPDATE SET winner = excluded.winner, margin = excluded.margin, created = excluded.created""",
                (question_id, browser, winner, margin, now()),
            )
            _bump(conn)

    def voted(self, question_id: int, browser: str) -> tuple[str, str] | None:
        """This browser's answer to the question, if it gave one."""
        with self.board._open() as conn:
            row = conn.execute(
                "SELECT winner, margin FROM votes WHERE question_id = ? AND browser = ?", (question_id, browser)
            ).fetchone()
        return None if row is None else (row[0], row[1])

    def reveal(self, question_id: int, outcome: str, points: float, source: str) -> Question:
        """Close the question with its outcome: `outcome` (one of OUTCOMES) led by `points` accuracy points."""
        if outcome not in OUTCOMES or source not in SOURCES:
            raise ValueError("an outcome is one of OUTCOMES, from one of SOURCES")
        with self.board._open() as conn, transaction(conn):
            conn.execute(
                """UPDATE questions SET revealed = ?, outcome_winner = ?, outcome_points = ?, outcome_source = ?
                WHERE id = ?""",
                (now(), outcome, float(points), source, question_id),
            )
            _bump(conn)
        return self.question()


def _check_browser(browser) -> None:
    if not isinstance(browser, str) or not browser or len(browser) > BROWSER_MAX:
        raise HarError.of("lecture.bad_vote")


def _bump(conn) -> None:
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'lecture_revision'")


# --- outcomes --------------------------------------------------------------------------------


def _lead(accs: dict[str, float]) -> tuple[str, float]:
    """(winner, points) from each family's test accuracy: "tie" when they are equal to a tenth of a point."""
    points = 100 * (accs["rnn"] - accs["cnn"])
    if abs(points) < 0.05:
        return "tie", 0.0
    return ("rnn" if points > 0 else "cnn"), abs(points)


def race_outcome(record: RunRecord) -> tuple[str, float] | None:
    """Who ended with the higher test accuracy in one run record, and by how many points (None without both)."""
    models = record.models
    if not all(f in models and models[f].history for f in WINNERS):
        return None
    return _lead({f: models[f].history[-1].test_acc for f in WINNERS})


def board_outcome(entries) -> tuple[str, float] | None:
    """The board's verdict: the family with the higher mean final test accuracy, and by how many points."""
    accs = {f: [e.final_acc for e in entries if e.family == f] for f in WINNERS}
    if not all(accs.values()):
        return None
    return _lead({f: sum(v) / len(v) for f, v in accs.items()})
