"""Vocabularies shared by carers, people and matching, so that both sides of a match speak the same words."""

from django.db import models


class SupportType(models.TextChoices):
    LONG_TERM = "long_term", "Long-term (live-in)"
    SHORT_BREAK = "short_break", "Short breaks"
    DAY_SUPPORT = "day_support", "Day support"
    EMERGENCY = "emergency", "Emergency"
    INTERMEDIATE_CARE = "intermediate_care", "Intermediate care / home from hospital"


class ClientGroup(models.TextChoices):
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    AUTISM = "autism", "Autism"
    MENTAL_HEALTH = "mental_health", "Mental health"
    DEMENTIA = "dementia", "Dementia"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"
    OLDER_PEOPLE = "older_people", "Older people"
    YOUNG_ADULTS_LEAVING_CARE = "young_adults_leaving_care", "Young adults leaving care"


class Funder(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    PERSONAL_BUDGET = "personal_budget", "Personal budget"
    PERSONAL_HEALTH_BUDGET = "personal_health_budget", "Personal health budget"
    SELF_FUNDED = "self_funded", "Self-funded"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    NOT_SAID = "not_said", "Prefer not to say"


class Faith(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    MUSLIM = "muslim", "Muslim"
    HINDU = "hindu", "Hindu"
    SIKH = "sikh", "Sikh"
    JEWISH = "jewish", "Jewish"
    BUDDHIST = "buddhist", "Buddhist"
    OTHER = "other", "Other"
