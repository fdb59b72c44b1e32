"""Demo data for this app; seed_demo runs it after the accounts step."""


def seed(ctx: dict) -> None:
    """Filled in by the issue that builds this app."""
