"""The referral workflow, move by move, for forum and partnership referrals."""

from __future__ import annotations

import pytest

from slip_desktop.domain.enums import ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.referral_workflow import allowed_moves, check_move, statuses_for

S = ReferralStatus
FORUM = {
    S.NEW: {S.ON_AGENDA, S.CLOSED},
    S.ON_AGENDA: {S.NEW, S.DISCUSSED, S.CLOSED},
    S.DISCUSSED: {S.PLAN_SENT, S.ON_AGENDA, S.CLOSED},
    S.PLAN_SENT: {S.PLAN_REVIEWED, S.CLOSED},
    S.PLAN_REVIEWED: {S.ON_AGENDA, S.CLOSED},
    S.CLOSED: set(),
}
PARTNERSHIP = {
    S.NEW: {S.ON_CORE_AGENDA, S.CLOSED},
    S.ON_CORE_AGENDA: {S.NEW, S.DECIDED, S.CLOSED},
    S.DECIDED: {S.ON_CORE_AGENDA, S.CLOSED},
    S.CLOSED: set(),
}
CASES = [
    (kind, current, new, new == current or new in table.get(current, set()))
    for kind, table in ((ReferralKind.FORUM, FORUM), (ReferralKind.PARTNERSHIP, PARTNERSHIP))
    for current in ReferralStatus
    for new in ReferralStatus
]


def test_a_forum_referral_goes_through_the_forum_statuses_in_order() -> None:
    assert statuses_for(ReferralKind.FORUM) == [
        S.NEW,
        S.ON_AGENDA,
        S.DISCUSSED,
        S.PLAN_SENT,
        S.PLAN_REVIEWED,
        S.CLOSED,
    ]


def test_a_partnership_referral_goes_through_the_core_statuses_in_order() -> None:
    assert statuses_for(ReferralKind.PARTNERSHIP) == [S.NEW, S.ON_CORE_AGENDA, S.DECIDED, S.CLOSED]


@pytest.mark.parametrize(("kind", "current", "new", "may"), CASES)
def test_each_status_move_is_allowed_exactly_as_the_workflow_says(
    kind: ReferralKind, current: ReferralStatus, new: ReferralStatus, may: bool
) -> None:
    table = FORUM if kind == ReferralKind.FORUM else PARTNERSHIP
    assert allowed_moves(kind, current) == frozenset(table.get(current, set()))
    if may:
        check_move(kind, current, new)
    else:
        with pytest.raises(RuleError) as caught:
            check_move(kind, current, new)
        assert caught.value.field == "status"


def test_a_refused_move_names_the_kind_and_both_statuses() -> None:
    with pytest.raises(RuleError) as caught:
        check_move(ReferralKind.FORUM, S.NEW, S.PLAN_SENT)
    assert caught.value.message == (
        "A Inclusion Forum referral cannot go from 'New' to 'Plan sent'."
    )


def test_a_closed_referral_stays_closed() -> None:
    with pytest.raises(
        RuleError, match="^A Partnership referral cannot go from 'Closed' to 'New'.$"
    ):
        check_move(ReferralKind.PARTNERSHIP, S.CLOSED, S.NEW)
