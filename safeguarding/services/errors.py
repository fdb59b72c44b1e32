from sharedlives.errors import DomainError


class SafeguardingError(DomainError):
    """A safeguarding change was refused. The message says why, for the person who will read it."""
