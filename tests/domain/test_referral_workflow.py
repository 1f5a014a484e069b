from __future__ import annotations

import pytest

from slip_desktop.domain.enums import ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.referral_workflow import allowed_moves, check_move, statuses_for

S = ReferralStatus


def test_forum_referral_moves_through_its_workflow() -> None:
    path = [S.NEW, S.ON_AGENDA, S.DISCUSSED, S.PLAN_SENT, S.PLAN_REVIEWED, S.CLOSED]
    assert statuses_for(ReferralKind.FORUM) == path
    for old, new in zip(path, path[1:], strict=False):
        assert new in allowed_moves(ReferralKind.FORUM, old)
        assert check_move(ReferralKind.FORUM, old, new) is None
    # Staying where it is is always allowed, even when closed.
    assert check_move(ReferralKind.FORUM, S.CLOSED, S.CLOSED) is None
    assert allowed_moves(ReferralKind.FORUM, S.CLOSED) == frozenset()


def test_forum_referral_cannot_skip_the_plan_review() -> None:
    with pytest.raises(RuleError) as error:
        check_move(ReferralKind.FORUM, S.DISCUSSED, S.PLAN_REVIEWED)
    assert error.value.field == "status"


def test_partnership_statuses_are_its_own() -> None:
    assert statuses_for(ReferralKind.PARTNERSHIP) == [S.NEW, S.ON_CORE_AGENDA, S.DECIDED, S.CLOSED]
    with pytest.raises(RuleError):
        check_move(ReferralKind.PARTNERSHIP, S.NEW, S.PLAN_SENT)


def test_closed_is_final() -> None:
    with pytest.raises(RuleError):
        check_move(ReferralKind.FORUM, S.CLOSED, S.NEW)
