"""The kinds of check and training a carer household keeps up, and the rules for each.

Which are personal (each carer has their own) and which are of the home, which are needed for
matching, and the default renewal periods that a scheme may change in its carer settings.
"""

from dataclasses import dataclass

from django.db import models


class CheckType(models.TextChoices):
    DBS = "dbs", "Enhanced DBS check"
    REFERENCE_1 = "reference_1", "Reference (first referee)"
    REFERENCE_2 = "reference_2", "Reference (second referee)"
    MEDICAL = "medical", "GP / medical report"
    HEALTH_SAFETY = "health_safety", "Home health and safety check"
    GAS_SAFETY = "gas_safety", "Gas safety certificate"
    INSURANCE = "insurance", "Insurance"
    LANDLORD = "landlord", "Landlord or mortgage lender permission"
    CARER_REVIEW = "carer_review", "Annual carer review"
    FIRST_AID = "first_aid", "First aid training"
    SAFEGUARDING = "safeguarding", "Safeguarding training"
    MENTAL_CAPACITY_ACT = "mental_capacity_act", "Mental Capacity Act training"
    MEDICATION = "medication", "Medication training"
    DATA_PROTECTION = "data_protection", "Data protection training"
    AWARENESS = "awareness", "Awareness course (one-off)"


@dataclass(frozen=True)
class CheckRule:
    per_carer: bool  # each carer has their own (DBS, training) rather than one per household (gas)
    mandatory: bool  # a household is matchable only with a current one (for every carer, if per carer)
    default_months: int | None  # renewal period unless the scheme sets another; None = does not expire


CHECK_RULES: dict[str, CheckRule] = {
    CheckType.DBS: CheckRule(per_carer=True, mandatory=True, default_months=36),
    CheckType.REFERENCE_1: CheckRule(per_carer=True, mandatory=True, default_months=None),
    CheckType.REFERENCE_2: CheckRule(per_carer=True, mandatory=True, default_months=None),
    CheckType.MEDICAL: CheckRule(per_carer=True, mandatory=True, default_months=None),
    CheckType.HEALTH_SAFETY: CheckRule(per_carer=False, mandatory=True, default_months=12),
    CheckType.GAS_SAFETY: CheckRule(per_carer=False, mandatory=False, default_months=12),
    CheckType.INSURANCE: CheckRule(per_carer=False, mandatory=True, default_months=12),
    CheckType.LANDLORD: CheckRule(per_carer=False, mandatory=False, default_months=None),
    CheckType.CARER_REVIEW: CheckRule(per_carer=False, mandatory=False, default_months=12),
    CheckType.FIRST_AID: CheckRule(per_carer=True, mandatory=False, default_months=36),
    CheckType.SAFEGUARDING: CheckRule(per_carer=True, mandatory=True, default_months=36),
    CheckType.MENTAL_CAPACITY_ACT: CheckRule(per_carer=True, mandatory=False, default_months=36),
    CheckType.MEDICATION: CheckRule(per_carer=True, mandatory=False, default_months=24),
    CheckType.DATA_PROTECTION: CheckRule(per_carer=True, mandatory=False, default_months=24),
    CheckType.AWARENESS: CheckRule(per_carer=True, mandatory=False, default_months=None),
}
PER_CARER_CHECKS = tuple(t for t, rule in CHECK_RULES.items() if rule.per_carer)
MANDATORY_CHECKS = tuple(t for t, rule in CHECK_RULES.items() if rule.mandatory)
