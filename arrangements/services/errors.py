from sharedlives.errors import DomainError


class ArrangementError(DomainError):
    """An arrangement, booking, payment or review step was refused."""
