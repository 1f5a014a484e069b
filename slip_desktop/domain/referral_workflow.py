"""The referral status workflow: which moves between statuses are allowed."""

from __future__ import annotations

from slip_desktop.domain.enums import ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError

S = ReferralStatus

#: Allowed moves for a forum (tier 1) referral.
FORUM_MOVES: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    S.NEW: frozenset({S.ON_AGENDA, S.CLOSED}),
    S.ON_AGENDA: frozenset({S.NEW, S.DISCUSSED, S.CLOSED}),
    S.DISCUSSED: frozenset({S.PLAN_SENT, S.ON_AGENDA, S.CLOSED}),
    S.PLAN_SENT: frozenset({S.PLAN_REVIEWED, S.CLOSED}),
    S.PLAN_REVIEWED: frozenset({S.ON_AGENDA, S.CLOSED}),
    S.CLOSED: frozenset(),
}

#: Allowed moves for a partnership (tier 2+) referral.
PARTNERSHIP_MOVES: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    S.NEW: frozenset({S.ON_CORE_AGENDA, S.CLOSED}),
    S.ON_CORE_AGENDA: frozenset({S.NEW, S.DECIDED, S.CLOSED}),
    S.DECIDED: frozenset({S.ON_CORE_AGENDA, S.CLOSED}),
    S.CLOSED: frozenset(),
}


def statuses_for(kind: ReferralKind) -> list[ReferralStatus]:
    """Return the statuses a referral of ``kind`` can have, in workflow order."""
    moves = FORUM_MOVES if kind == ReferralKind.FORUM else PARTNERSHIP_MOVES
    return list(moves)


def allowed_moves(kind: ReferralKind, current: ReferralStatus) -> frozenset[ReferralStatus]:
    """Return the statuses a referral may move to from ``current``."""
    moves = FORUM_MOVES if kind == ReferralKind.FORUM else PARTNERSHIP_MOVES
    return moves.get(current, frozenset())


def check_move(kind: ReferralKind, current: ReferralStatus, new: ReferralStatus) -> None:
    """Raise RuleError unless a ``kind`` referral may move from ``current`` to ``new``."""
    if new == current:
        return
    if new not in allowed_moves(kind, current):
        raise RuleError(
            f"A {kind.label} referral cannot go from '{current.label}' to '{new.label}'.",
            "status",
        )
