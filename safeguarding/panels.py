"""What safeguarding adds to a person's record and a carer household's page (sharedlives.panels)."""


def register() -> None:
    pass
