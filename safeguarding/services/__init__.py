"""Every way a safeguarding record changes. Each is one transaction that locks the row it changes,
checks the role and the status, changes it and writes a transition row."""

from .complaints import (  # noqa: F401
    complaint_acknowledge,
    complaint_answer,
    complaint_close,
    complaint_investigate,
    complaint_make,
    complaint_withhold,
)
from .concerns import (  # noqa: F401
    allegation_panel_decision,
    allegation_suspend,
    concern_assign_lead,
    concern_close,
    concern_raise,
    concern_record_outcome,
    concern_refer,
    concern_start_enquiry,
    concern_withhold,
    safety_plan_record,
)
from .errors import SafeguardingError  # noqa: F401
from .incidents import (  # noqa: F401
    incident_close,
    incident_report,
    incident_start_review,
    incident_update,
    incident_withhold,
)
from .notifications import notification_record_sent, notifications_raise  # noqa: F401
