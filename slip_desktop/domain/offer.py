"""The partnership's offer for one academic year: places, weeks, days and charging per programme."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from slip_desktop.domain.capacity import Pool, build_pools
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.programmes import (
    CATALOGUE,
    POOL_SPECS,
    ChargeRule,
    info,
    pool_programmes,
    programme_key_stage,
)

#: Largest number of places any one pool may be given (a typing slip guard).
MAX_PLACES = 200


@dataclass(frozen=True)
class OfferLine:
    """One programme's offer for a year.

    ``places`` is the pool's capacity (per group for Reset); programmes that share a
    pool (pathways 1 and 2) carry the same figure.
    """

    programme: Programme
    places: int | None
    weeks: int | None
    days_per_week: Decimal
    charged: bool
    charge_rule: ChargeRule

    @property
    def effective_rule(self) -> ChargeRule:
        """The rule applied: none when charging is off."""
        return self.charge_rule if self.charged else ChargeRule.NONE


@dataclass(frozen=True)
class Offer:
    """The year's offer, one line per programme."""

    academic_year: int
    lines: dict[Programme, OfferLine]

    def line(self, programme: Programme) -> OfferLine:
        """Return ``programme``'s line."""
        return self.lines[programme]

    def places(self, pool_key: str) -> int | None:
        """Return the capacity of the pool ``pool_key`` (base key; per group for Reset)."""
        return self.lines[pool_programmes(pool_key)[0]].places

    def pools(self) -> dict[str, Pool]:
        """Return every pool of places this year, Reset split into its groups."""
        return build_pools({key: self.places(key) for key in POOL_SPECS})


def default_line(programme: Programme) -> OfferLine:
    """Return the published offer's line for ``programme``."""
    entry = info(programme)
    return OfferLine(
        programme,
        entry.pool.places,
        entry.weeks,
        entry.days_per_week,
        entry.charge_rule != ChargeRule.NONE,
        entry.charge_rule,
    )


def default_offer(academic_year: int) -> Offer:
    """Return the published offer (2023-24) as the offer of ``academic_year``."""
    return Offer(academic_year, {p: default_line(p) for p in CATALOGUE})


def copy_offer_to(offer: Offer, academic_year: int) -> Offer:
    """Return ``offer`` as the starting offer of another year."""
    return replace(offer, academic_year=academic_year)


def _places(text: str, shared_limit: bool) -> int | None:
    text = text.strip()
    if not text:
        if shared_limit:
            raise ValueError("This programme's places have a limit: enter how many.")
        return None
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= MAX_PLACES:
        raise ValueError(f"Enter the places as a whole number from 0 to {MAX_PLACES}.")
    return int(text)


def offer_from_text(
    academic_year: int, texts: dict[Programme, dict[str, str]], charged: dict[Programme, bool],
    rules: dict[Programme, ChargeRule],
) -> Offer:  # fmt: skip
    """Check the offer form and return the offer, or raise every problem at once.

    ``texts[programme]`` holds ``places``, ``weeks`` and ``days`` as typed; field
    names in the error are ``"<field>:<programme value>"``.

    Raises:
        ValidationError: every field that cannot be accepted.
    """
    errors: dict[str, str] = {}
    lines: dict[Programme, OfferLine] = {}
    for programme in CATALOGUE:
        typed = texts.get(programme, {})
        entry = info(programme)
        base = default_line(programme)
        places = base.places
        weeks = base.weeks
        days = base.days_per_week
        try:
            places = _places(typed.get("places", ""), entry.pool.places is not None)
        except ValueError as error:
            errors[f"places:{programme.value}"] = str(error)
        weeks_text = typed.get("weeks", "").strip()
        if not weeks_text:
            weeks = None
        elif weeks_text.isascii() and weeks_text.isdigit() and 1 <= int(weeks_text) <= 52:
            weeks = int(weeks_text)
        else:
            errors[f"weeks:{programme.value}"] = "Enter the weeks as a whole number from 1 to 52."
        try:
            days = Decimal(typed.get("days", "").strip())
            if not days.is_finite() or not Decimal("0.5") <= days <= 5 or days * 2 % 1:
                raise InvalidOperation
        except InvalidOperation:
            errors[f"days:{programme.value}"] = "Enter the days a week in half days: 0.5 to 5."
        rule = rules.get(programme, base.charge_rule)
        # Pro rata charges one key stage's average pupil cost: a programme serving
        # both has none to charge (statements would fail for the whole year).
        if rule == ChargeRule.PRO_RATA and programme_key_stage(programme) is None:
            errors[f"rule:{programme.value}"] = (
                f"{programme.label} serves KS3 and KS4, so it has no one average pupil "
                "cost: charge it by the AP day rate or not at all."
            )
        lines[programme] = OfferLine(
            programme,
            places,
            weeks,
            days.quantize(Decimal("0.1")) if days.is_finite() else days,
            charged.get(programme, base.charged),
            rule,
        )
    # Programmes sharing a pool share its places: the first programme's figure counts.
    for spec in POOL_SPECS.values():
        members = pool_programmes(spec.key)
        first = lines[members[0]].places
        for other in members[1:]:
            lines[other] = replace(lines[other], places=first)
    if errors:
        raise ValidationError(errors)
    return Offer(academic_year, lines)
