"""Change history for models that hold care data.

`track()` records a full snapshot of the row on insert, update and delete, by
database trigger, so bulk updates and raw SQL are recorded too. The history
middleware attaches the acting user and URL to each row.
"""

import pghistory


def track(**kwargs):
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        **kwargs,
    )
