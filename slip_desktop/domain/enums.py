"""The office's vocabulary: every choice the forms offer, stored by its value."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a human label for forms and reports."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Labelled:  # noqa: D102
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value.replace("_", " ").capitalize()
        return obj


class ReferralKind(Labelled):
    """Where a referral goes: a forum (tier 1) or the partnership (tier 2 and above)."""

    FORUM = "forum", "Inclusion Forum"
    PARTNERSHIP = "partnership", "Partnership"


class ReferralStatus(Labelled):
    """Where a referral stands in its workflow."""

    NEW = "new", "New"
    ON_AGENDA = "on_agenda", "On forum agenda"
    DISCUSSED = "discussed", "Discussed"
    PLAN_SENT = "plan_sent", "Plan sent"
    PLAN_REVIEWED = "plan_reviewed", "Plan reviewed"
    ON_CORE_AGENDA = "on_core_agenda", "On Core agenda"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class Consent(Labelled):
    """Parental consent to discuss the pupil by name."""

    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_ASKED = "not_asked", "Not yet asked"


class Reason(Labelled):
    """Why a school refers (several may apply)."""

    SEMH = "semh", "SEMH"
    ATTENDANCE = "attendance", "Attendance"
    BEHAVIOUR = "behaviour", "Behaviour"
    SEND = "send", "SEND"
    LEARNING = "learning", "Learning"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    MEDICAL = "medical", "Medical"
    OTHER = "other", "Other"


class SendStatus(Labelled):
    """A pupil's special educational needs status."""

    NONE = "none", "None"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHC_ASSESSMENT = "ehc_assessment", "EHC needs assessment"
    EHC_PLAN = "ehc_plan", "EHC plan"


class MeetingKind(Labelled):
    """The two kinds of partnership meeting."""

    FORUM = "forum", "Inclusion Forum"
    CORE = "core", "Core Meeting"


class MeetingStatus(Labelled):
    """Whether a meeting is planned, held or cancelled."""

    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class AgendaPurpose(Labelled):
    """Why a case is on an agenda."""

    NEW_CASE = "new_case", "New case"
    PLAN_REVIEW = "plan_review", "Plan review"
    CORE_CASE = "core_case", "Core case"


class CoreOutcome(Labelled):
    """The four outcomes a Core Meeting can reach."""

    BACK_TO_FORUM = "back_to_forum", "Back to Inclusion Forum"
    SCHOOL_CONTINUES = "school_continues", "School continues with advice"
    IN_SCHOOL_SUPPORT = "in_school_support", "In-school support (tier 2)"
    OUTSIDE_PROGRAMME = "outside_programme", "Programme outside school"


class Programme(Labelled):
    """Every programme a Core decision can start, by tier and key stage."""

    SMALL_GROUP = "small_group", "Tier 2 small group"
    ONE_TO_ONE = "one_to_one", "Tier 2 1:1"
    ENGAGEMENT = "engagement", "Tier 2 Engagement Officer"
    RESET = "reset", "KS3 Reset"
    KS3_LONG_TERM = "ks3_long_term", "KS3 long-term (tier 4)"
    KS4_TIER3_AP = "ks4_tier3_ap", "KS4 tier 3 part-time AP"
    PATHWAY_1 = "pathway_1", "KS4 pathway 1 (Wigston, 5 GCSEs)"
    PATHWAY_2 = "pathway_2", "KS4 pathway 2 (Wigston, 2 GCSEs)"
    PATHWAY_3 = "pathway_3", "KS4 pathway 3 (blended AP)"


class PlacementStatus(Labelled):
    """Where a placement stands."""

    REQUESTED = "requested", "Requested"
    WAITING = "waiting", "Waiting list"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class EndOutcome(Labelled):
    """How a placement ended."""

    RETURNED = "returned", "Returned to mainstream"
    SPECIALIST = "specialist", "Specialist placement (SENCO and SENA)"
    EXTENDED = "extended", "Extended"
    POST16 = "post16", "Post-16 transition"
    MOVED_SCHOOL = "moved_school", "Moved school"
    OTHER = "other", "Other"


class ReturnAnswer(Labelled):
    """The review's question: is this pupil able to return to mainstream?"""

    YES = "yes", "Yes"
    NOT_YET = "not_yet", "Not yet"
    NO = "no", "No"


class MoveKind(Labelled):
    """Managed move or fresh start."""

    MANAGED_MOVE = "managed_move", "Managed move"
    FRESH_START = "fresh_start", "Fresh start"


class MoveOutcome(Labelled):
    """How a managed move or fresh start turned out."""

    IN_PROGRESS = "in_progress", "In progress"
    SUCCESSFUL = "successful", "Successful"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StaffRole(Labelled):
    """Posts in the partnership's staffing."""

    DIRECTOR = "director", "Director"
    COORDINATOR = "coordinator", "Coordinator"
    DEPUTY_COORDINATOR = "deputy_coordinator", "Deputy Coordinator"
    INCLUSION_MENTOR = "inclusion_mentor", "Inclusion mentor"
    ENGAGEMENT_OFFICER = "engagement_officer", "Engagement Officer"
    TEACHER = "teacher", "Teacher"
    KS2_TEACHER = "ks2_teacher", "KS2 teacher"
    HLTA = "hlta", "HLTA"
    TA = "ta", "Teaching assistant"
    FAMILY_SUPPORT = "family_support", "Family support worker"
    ADMIN = "admin", "Office administrator"


class Term(Labelled):
    """The three terms of an academic year."""

    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class Session(Labelled):
    """Register sessions of a school day."""

    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class UserRole(Labelled):
    """What a signed-in person may do."""

    COORDINATOR = "coordinator", "Coordinator (admin)"
    STAFF = "staff", "Staff"
    READ_ONLY = "read_only", "Read-only"


class StatementStatus(Labelled):
    """Where a school's termly statement stands."""

    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
