from sharedlives.errors import DomainError


class MatchingError(DomainError):
    """A matching or arrangement step was refused."""
