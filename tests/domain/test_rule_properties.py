"""Hypothesis drives the rule checkers: bad input raises ValidationError/RuleError, nothing else.

Where a rule can be read independently (money, the rates form, the graduated response) the
property also says what must be accepted, so a checker that refuses everything fails.
"""

from __future__ import annotations

import os
import re
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.action_plans import ActionDraft, PlanDraft, validate_plan, validate_review
from slip_desktop.domain.attendance import CODES, check_code
from slip_desktop.domain.calendar import (
    SeriesPlan,
    TermSpan,
    series_dates,
    validate_series,
    validate_term,
    validate_year,
)
from slip_desktop.domain.capacity import POOLS, Pool, Stay, check_capacity, peak_occupancy
from slip_desktop.domain.charges import RATE_FIELDS, rates_from_text
from slip_desktop.domain.core_outcomes import (
    DecisionRequest,
    MoveRequest,
    validate_decision,
)
from slip_desktop.domain.enums import (
    CoreOutcome,
    MoveKind,
    MoveOutcome,
    Programme,
    ReferralKind,
    ReferralStatus,
    Term,
)
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.managed_moves import MoveFacts, check_outcome, validate_move
from slip_desktop.domain.meetings import validate_meeting
from slip_desktop.domain.money import format_money, parse_money
from slip_desktop.domain.passphrase import MIN_LENGTH, check_new_passphrase, passphrase_strength
from slip_desktop.domain.programmes import info
from slip_desktop.domain.referral_workflow import allowed_moves, check_move
from slip_desktop.domain.referrals import (
    ForumReferralFact,
    GraduatedResponseError,
    check_graduated_response,
    check_kind_change,
)

# Under `make mutation` (mutmut sets MUTANT_UNDER_TEST) each surviving mutant reruns every
# property: fewer examples keep the run under half an hour; the normal suite draws 2,000.
MANY = settings(max_examples=200 if "MUTANT_UNDER_TEST" in os.environ else 2000, deadline=None)
REFUSED = (ValidationError, RuleError)

texts = st.text(max_size=60)
# Digits from other scripts and superscripts pass str.isdigit() but not always int().
odd_digits = st.sampled_from(["²", "١", "٣", "߀", "𝟗", "½", "Ⅻ", "₀"])
numberish = st.one_of(
    texts,
    st.from_regex(r"[-£ ]{0,2}[0-9,]{0,12}(\.[0-9]{0,4})?([eE][-+]?[0-9]{1,6})?", fullmatch=True),
    st.sampled_from(["NaN", "sNaN", "Infinity", "-inf", "1e30", "9" * 40, "£1,035.00", "-0"]),
    st.builds(lambda a, b, c: a + b + c, st.text("0123456789", max_size=3), odd_digits, texts),
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))
maybe_days = st.one_of(st.none(), days)
times = st.times()
maybe_times = st.one_of(st.none(), times)
years = st.integers(min_value=-3, max_value=16)


def _pounds_or_none(text: str, allow_negative: bool) -> Decimal | None:
    """An independent reading of the money rule: the amount typed, or None when refused."""
    cleaned = text.strip().replace("£", "").replace(",", "").replace(" ", "")
    # What counts as a number is Decimal's grammar; the office's rules are checked here.
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if abs(value) >= 10_000_000:
        return None
    whole_pence = value * 100 == (value * 100).to_integral_value()
    if not whole_pence or (value < 0 and not allow_negative):
        return None
    return value


@MANY
@given(text=numberish, allow_negative=st.booleans())
def test_money_is_pounds_and_pence_or_refused(text: str, allow_negative: bool) -> None:
    expected = _pounds_or_none(text, allow_negative)
    try:
        value = parse_money(text, "amount", allow_negative)
    except ValidationError as error:
        assert set(error.errors) == {"amount"}
        assert expected is None, f"{text!r} is {expected} pounds, yet was refused"
        return
    assert value == expected
    assert value == value.quantize(Decimal("0.01"))
    assert abs(value) < 10_000_000
    assert allow_negative or value >= 0


pence = st.integers(min_value=-999_999_999, max_value=999_999_999)


@MANY
@given(amount=pence, style=st.sampled_from(["{:.2f}", "£{:,.2f}", " £ {:.2f} ", "{:,}"]))
def test_every_whole_pence_amount_typed_is_read_back_equal(amount: int, style: str) -> None:
    value = Decimal(amount) / 100
    text = style.format(value if "f" in style else value.quantize(Decimal("0.01")))
    if amount < 0:
        refusal = ""
        try:
            parse_money(text, "amount")
        except ValidationError as error:
            refusal = error.errors["amount"]
        assert refusal == "The amount cannot be negative."
    assert parse_money(text, "amount", allow_negative=True) == value
    assert format_money(amount) == format_money(value)
    assert format_money(amount).lstrip("-").startswith("£")
    assert format_money(amount).startswith("-") == (amount < 0)


@MANY
@given(
    amounts=st.fixed_dictionaries({name: numberish for name, _label in RATE_FIELDS}),
    school_days=st.one_of(numberish, st.integers(min_value=90, max_value=210).map(str)),
)
def test_rates_form_returns_rates_or_names_every_bad_field(
    amounts: dict[str, str], school_days: str
) -> None:
    try:
        rates = rates_from_text(2026, {**amounts, "school_days": school_days})
    except ValidationError as error:
        assert set(error.errors) == _wrong_rate_fields(amounts, school_days)
        return
    assert not _wrong_rate_fields(amounts, school_days)
    assert rates.school_days == int(school_days.strip())
    for name, _label in RATE_FIELDS:
        assert getattr(rates, name) == _pounds_or_none(amounts[name], False)


def _wrong_rate_fields(amounts: dict[str, str], school_days: str) -> set[str]:
    wrong = {name for name, text in amounts.items() if _pounds_or_none(text, False) is None}
    days = school_days.strip()
    if not (re.fullmatch(r"[0-9]+", days) and 100 <= int(days) <= 200):
        wrong.add("school_days")
    return wrong


@MANY
@given(
    amounts=st.fixed_dictionaries(
        {name: st.integers(min_value=0, max_value=999_999_999) for name, _label in RATE_FIELDS}
    ),
    school_days=st.integers(min_value=100, max_value=200),
)
def test_every_valid_rates_form_is_accepted_and_stored_equal(
    amounts: dict[str, int], school_days: int
) -> None:
    texts = {name: f"£{Decimal(p) / 100:,.2f}" for name, p in amounts.items()}
    rates = rates_from_text(2026, {**texts, "school_days": f" {school_days} "})
    assert rates.academic_year == 2026 and rates.school_days == school_days
    for name, p in amounts.items():
        assert getattr(rates, name) == Decimal(p) / 100


@MANY
@given(mark=st.one_of(texts, st.sampled_from(sorted(CODES)), st.sampled_from(["l", " / ", "ı"])))
def test_register_marks_are_codes_or_refused(mark: str) -> None:
    try:
        code = check_code(mark)
    except RuleError:
        return
    assert code in CODES


@MANY
@given(
    meets_on=maybe_days,
    starts_at=maybe_times,
    ends_at=maybe_times,
    link=st.one_of(texts, st.just("https://teams.example.org/l/x")),
    capacity=st.integers(min_value=-5, max_value=30),
)
def test_meetings_are_valid_or_refused(
    meets_on: date | None, starts_at: time | None, ends_at: time | None, link: str, capacity: int
) -> None:
    wrong = set()
    if meets_on is None or meets_on.weekday() >= 5:
        wrong.add("meets_on")
    if starts_at is None:
        wrong.add("starts_at")
    elif ends_at is not None and ends_at <= starts_at:
        wrong.add("ends_at")
    if link.strip() and not link.strip().lower().startswith(("https://", "http://")):
        wrong.add("link")
    if not 1 <= capacity <= 20:
        wrong.add("capacity")
    try:
        validate_meeting(meets_on, starts_at, ends_at, link, capacity)
    except ValidationError as error:
        assert set(error.errors) == wrong  # refused on exactly the fields that break a rule
        return
    assert not wrong  # and accepted whenever none does


terms = st.builds(
    TermSpan,
    academic_year=st.integers(min_value=2024, max_value=2030),
    term=st.sampled_from(list(Term)),
    starts_on=days,
    half_term_starts=maybe_days,
    half_term_ends=maybe_days,
    ends_on=days,
)


@MANY
@given(spans=st.lists(terms, max_size=3))
def test_term_dates_are_valid_or_refused(spans: list[TermSpan]) -> None:
    try:
        for span in spans:
            validate_term(span)
        validate_year(spans)
    except ValidationError:
        return
    for span in spans:
        assert span.starts_on < span.ends_on


@MANY
@given(
    span=terms,
    weekday=st.integers(min_value=-2, max_value=8),
    starts_at=times,
    ends_at=maybe_times,
    every_weeks=st.integers(min_value=-1, max_value=10),
    first_on=maybe_days,
)
def test_meeting_series_are_valid_or_refused(
    span: TermSpan,
    weekday: int,
    starts_at: time,
    ends_at: time | None,
    every_weeks: int,
    first_on: date | None,
) -> None:
    plan = SeriesPlan(weekday, starts_at, ends_at, every_weeks, first_on)
    try:
        validate_term(span)
        validate_series(plan, span)
    except ValidationError:
        return
    for day in series_dates(plan, span):
        assert span.starts_on <= day <= span.ends_on and day.weekday() == weekday


actions = st.builds(ActionDraft, what=texts, who=texts, by_when=maybe_days, done=st.booleans())


@MANY
@given(
    summary=texts,
    review_due=maybe_days,
    meeting_on=days,
    plan_actions=st.lists(actions, max_size=3),
    reviewed_on=maybe_days,
    notes=texts,
    sent_on=maybe_days,
)
def test_action_plans_and_reviews_are_valid_or_refused(
    summary: str,
    review_due: date | None,
    meeting_on: date,
    plan_actions: list[ActionDraft],
    reviewed_on: date | None,
    notes: str,
    sent_on: date | None,
) -> None:
    draft = PlanDraft(summary, "advice", "", "", review_due, tuple(plan_actions))
    wrong_plan = set()
    if not summary.strip():
        wrong_plan.add("discussion_summary")
    if review_due is None or review_due <= meeting_on:
        wrong_plan.add("review_due")
    if any(
        not a.what.strip() or (a.by_when is not None and a.by_when < meeting_on)
        for a in plan_actions
    ):
        wrong_plan.add("actions")
    try:
        validate_plan(draft, meeting_on)
    except ValidationError as error:
        assert set(error.errors) == wrong_plan
    else:
        assert not wrong_plan
    wrong_review = set()
    if reviewed_on is None or (sent_on is not None and reviewed_on < sent_on):
        wrong_review.add("reviewed_on")
    if not notes.strip():
        wrong_review.add("review_notes")
    try:
        validate_review(reviewed_on, notes, sent_on)
    except ValidationError as error:
        assert set(error.errors) == wrong_review
        return
    assert not wrong_review


school_ids = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
programmes = st.one_of(st.none(), st.sampled_from(list(Programme)))
moves = st.builds(
    MoveRequest,
    kind=st.sampled_from(list(MoveKind)),
    receiving_school_id=school_ids,
    starts_on=maybe_days,
    trial_ends_on=maybe_days,
    guaranteed=st.booleans(),
    guarantee_programme=programmes,
)


@MANY
@given(
    outcome=st.sampled_from(list(CoreOutcome)),
    rationale=st.one_of(texts, st.just("Agreed after hearing the school and the forum.")),
    decided_by=texts,
    advice=texts,
    programme=programmes,
    weeks=st.one_of(st.none(), st.integers(min_value=-2, max_value=30)),
    mentor_id=school_ids,
    starts_on=maybe_days,
    move=st.one_of(st.none(), moves),
    year_group=years,
)
def test_core_decisions_are_valid_or_refused(
    outcome: CoreOutcome,
    rationale: str,
    decided_by: str,
    advice: str,
    programme: Programme | None,
    weeks: int | None,
    mentor_id: int | None,
    starts_on: date | None,
    move: MoveRequest | None,
    year_group: int,
) -> None:
    request = DecisionRequest(
        outcome, rationale, decided_by, advice, programme, weeks, mentor_id, starts_on, move
    )
    wrong = set()
    if not 10 <= len(rationale.strip()) <= 600:
        wrong.add("rationale")
    if not 1 <= len(decided_by.strip()) <= 120:
        wrong.add("decided_by")
    if outcome == CoreOutcome.SCHOOL_CONTINUES and not advice.strip():
        wrong.add("advice")
    if outcome == CoreOutcome.IN_SCHOOL_SUPPORT and move is None:
        if programme is None or info(programme).tier != 2:
            wrong.add("programme")
        if weeks is None or not 6 <= weeks <= 8:
            wrong.add("weeks")
        if mentor_id is None:
            wrong.add("mentor_id")
        if starts_on is None:
            wrong.add("starts_on")
    if outcome == CoreOutcome.OUTSIDE_PROGRAMME and (
        programme is None or info(programme).tier <= 2
    ):
        wrong.add("programme")
    try:
        validate_decision(request, year_group, "Ada")
    except ValidationError as error:
        assert set(error.errors) == wrong  # refused on exactly the fields that break a rule
        return
    except RuleError as error:
        # Only a programme outside school is checked against the pupil's key stage.
        assert not wrong and outcome == CoreOutcome.OUTSIDE_PROGRAMME
        assert error.field == "programme" and error.message.startswith(
            f"Ada is in Year {year_group}"
        )
        return
    assert not wrong and decided_by.strip()


@MANY
@given(
    sending=st.integers(min_value=1, max_value=4),
    receiving=school_ids,
    starts_on=maybe_days,
    trial_ends_on=maybe_days,
    guaranteed=st.booleans(),
    programme=programmes,
    year_group=years,
    current=st.sampled_from(list(MoveOutcome)),
    new=st.sampled_from(list(MoveOutcome)),
)
def test_managed_moves_are_valid_or_refused(
    sending: int,
    receiving: int | None,
    starts_on: date | None,
    trial_ends_on: date | None,
    guaranteed: bool,
    programme: Programme | None,
    year_group: int,
    current: MoveOutcome,
    new: MoveOutcome,
) -> None:
    facts = MoveFacts(sending, receiving, starts_on, trial_ends_on, guaranteed, programme)
    wrong = set()
    if receiving is None or receiving == sending:
        wrong.add("receiving_school_id")
    if starts_on is None:
        wrong.add("starts_on")
    elif trial_ends_on is not None and not 0 < (trial_ends_on - starts_on).days <= 182:
        wrong.add("trial_ends_on")
    if guaranteed and (programme is None or not info(programme).full_time):
        wrong.add("guarantee_programme")
    try:
        validate_move(facts, year_group, "Ada")
    except ValidationError as error:
        assert set(error.errors) == wrong
    except RuleError as error:
        assert not wrong and error.field == "guarantee_programme"
    else:
        assert not wrong
    try:
        check_outcome(current, new)
    except RuleError:
        return
    assert current == new or current == MoveOutcome.IN_PROGRESS


@MANY
@given(
    kind=st.sampled_from(list(ReferralKind)),
    new_kind=st.sampled_from(list(ReferralKind)),
    current=st.sampled_from(list(ReferralStatus)),
    new=st.sampled_from(list(ReferralStatus)),
    anonymous=st.booleans(),
    received_on=days,
    earlier=st.lists(
        st.builds(
            ForumReferralFact,
            referral_id=st.integers(min_value=1, max_value=99),
            received_on=days,
            plan_written=st.booleans(),
            review_due=maybe_days,
            reviewed_on=maybe_days,
        ),
        max_size=4,
    ),
)
def test_referral_workflow_moves_are_allowed_or_refused(
    kind: ReferralKind,
    new_kind: ReferralKind,
    current: ReferralStatus,
    new: ReferralStatus,
    anonymous: bool,
    received_on: date,
    earlier: list[ForumReferralFact],
) -> None:
    try:
        check_move(kind, current, new)
    except RuleError:
        assert new not in allowed_moves(kind, current)
    try:
        check_kind_change(kind, new_kind, current)
    except RuleError:
        assert kind != new_kind
    # Allowed exactly when a forum referral received on or before the day has a plan
    # reviewed on or before the day; the latest such (by date received, then number) allows.
    reviewed = sorted(
        (f.received_on, f.referral_id)
        for f in earlier
        if f.received_on <= received_on and f.reviewed_on and f.reviewed_on <= received_on
    )
    try:
        allowed_by = check_graduated_response(anonymous, received_on, earlier)
    except GraduatedResponseError as error:
        assert error.field == "kind"
        assert anonymous or not reviewed
        expected = "anonymous" if anonymous else None
        if not anonymous and not any(f.received_on <= received_on for f in earlier):
            expected = "no_forum_referral"
        assert expected is None or error.missing == expected
        return
    assert not anonymous and reviewed
    assert allowed_by == reviewed[-1][1]


stays = st.builds(
    Stay,
    name=st.just("Pupil"),
    first=days,
    last=maybe_days,
)


@MANY
@given(
    pool=st.sampled_from(list(POOLS.values())),
    taken=st.lists(stays, max_size=12),
    first=days,
    length=st.one_of(st.none(), st.integers(min_value=-10, max_value=400)),
)
def test_capacity_is_refused_only_when_full(
    pool: Pool, taken: list[Stay], first: date, length: int | None
) -> None:
    last = None if length is None else first + timedelta(days=length)
    try:
        check_capacity(pool, taken, first, last)
    except RuleError:
        assert pool.places is not None
        assert peak_occupancy(taken, first, last)[0] >= pool.places


@MANY
@given(
    passphrase=st.one_of(
        texts,
        st.lists(
            st.sampled_from(["amber", "kettle", "ribbon", "42", " ", "ß", "🙂"]), max_size=8
        ).map("".join),
    ),
    confirm_same=st.booleans(),
)
def test_new_passphrases_are_strong_or_refused(passphrase: str, confirm_same: bool) -> None:
    confirmation = passphrase if confirm_same else passphrase + "x"
    try:
        chosen = check_new_passphrase(passphrase, confirmation)
    except ValidationError as error:
        strength = passphrase_strength(passphrase)
        if not strength.acceptable:
            assert error.errors == {"passphrase": strength.advice}
        elif not confirm_same:
            assert set(error.errors) == {"confirmation"}
        else:
            assert set(error.errors) == {"passphrase"} and passphrase != passphrase.strip()
        return
    assert chosen == passphrase == confirmation and len(chosen) >= MIN_LENGTH
    assert chosen == chosen.strip()
