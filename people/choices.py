"""The vocabularies of the people app. Imported into `people.models`, where other apps find them."""

from django.db import models

from sharedlives.choices import Gender


class LivingSituation(models.TextChoices):
    FAMILY_HOME = "family_home", "With family"
    OWN_HOME = "own_home", "Own home or tenancy"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    RESIDENTIAL_CARE = "residential_care", "Residential or nursing care"
    HOSPITAL = "hospital", "In hospital or an assessment and treatment unit"
    SHARED_LIVES = "shared_lives", "Already in Shared Lives"
    TEMPORARY = "temporary", "Temporary or no settled home"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENING = "screening", "Screening"
    ASSESSMENT = "assessment", "Assessment"
    MATCHING = "matching", "Matching"
    MATCHED = "matched", "Matched"
    CLOSED = "closed", "Closed"


OPEN_REFERRAL_STATUSES = (
    ReferralStatus.RECEIVED,
    ReferralStatus.SCREENING,
    ReferralStatus.ASSESSMENT,
    ReferralStatus.MATCHING,
)


class ClosedReason(models.TextChoices):
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNSUITABLE = "unsuitable", "Unsuitable for Shared Lives"
    NO_CARER_FOUND = "no_carer_found", "No carer found"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon (within a month)"
    URGENT = "urgent", "Urgent (within a week)"
    EMERGENCY = "emergency", "Emergency"


class NeedCategory(models.TextChoices):
    PERSONAL_CARE = "personal_care", "Personal care"
    MEDICATION = "medication", "Medication"
    MOBILITY = "mobility", "Mobility"
    COMMUNICATION = "communication", "Communication"
    BEHAVIOUR = "behaviour", "Positive behaviour support"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HEALTH_CONDITION = "health_condition", "Health condition (for example epilepsy, diabetes)"
    NIGHT_SUPPORT = "night_support", "Support at night"
    DAILY_LIVING = "daily_living", "Daily living skills (cooking, money, travel)"
    SOCIAL = "social", "Friendships and community"


class CarerGenderPreference(models.TextChoices):
    """The person's wish about the main carer's gender. Values match sharedlives.choices.Gender."""

    NO_PREFERENCE = "no_preference", "No preference"
    WOMAN = Gender.WOMAN.value, Gender.WOMAN.label
    MAN = Gender.MAN.value, Gender.MAN.label
    NON_BINARY = Gender.NON_BINARY.value, Gender.NON_BINARY.label


class RepresentativeRole(models.TextChoices):
    FAMILY = "family", "Family member"
    FRIEND = "friend", "Friend"
    ADVOCATE = "advocate", "Advocate"
    IMCA = "imca", "IMCA (independent mental capacity advocate)"
    OTHER = "other", "Other"


class AuthorityKind(models.TextChoices):
    HEALTH_WELFARE_LPA = "health_welfare_lpa", "Health and welfare lasting power of attorney"
    WELFARE_DEPUTY = "welfare_deputy", "Court of Protection deputy (personal welfare)"
    PROPERTY_FINANCE_LPA = "property_finance_lpa", "Property and financial affairs lasting power of attorney"
    FINANCE_DEPUTY = "finance_deputy", "Court of Protection deputy (property and affairs)"
    DWP_APPOINTEE = "dwp_appointee", "DWP appointee"


# Only these let a representative make the person-side decision about where the person lives.
WELFARE_AUTHORITIES = (AuthorityKind.HEALTH_WELFARE_LPA, AuthorityKind.WELFARE_DEPUTY)


class Decision(models.TextChoices):
    """Capacity is decision-specific: an assessment answers for one of these."""

    ARRANGEMENT = "arrangement", "Where to live / this Shared Lives arrangement"
    CARE_AND_SUPPORT = "care_and_support", "Care and support plan"
    SHARING_INFORMATION = "sharing_information", "Sharing information with carers"


class CapacityOutcome(models.TextChoices):
    HAS_CAPACITY = "has_capacity", "Has capacity for this decision"
    LACKS_CAPACITY = "lacks_capacity", "Lacks capacity for this decision"
