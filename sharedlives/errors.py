class DomainError(Exception):
    """A business rule refused a change. The message is written for the person who will read it.

    Each app subclasses it (AccountsError, CarersError, ...); views catch it and show the message.
    """
