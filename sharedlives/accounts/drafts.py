"""Nobody loses their typing to a session time-out.

When a form is posted after the session has ended, what was typed is kept in the new
session under the page's path. After signing in, the person is sent back to that page,
where the form is filled in again (static/js/drafts.js) and a message says so.
Passwords, tokens and files are never kept.
"""

DRAFTS_KEY = "drafts"
NEVER_KEEP = ("csrfmiddlewaretoken", "password", "token", "code")


def keep_draft(request) -> None:
    data = {
        name: request.POST.getlist(name)
        for name in request.POST
        if not any(word in name.lower() for word in NEVER_KEEP)
    }
    if not data:
        return
    drafts = request.session.get(DRAFTS_KEY, {})
    drafts[request.path] = data
    request.session[DRAFTS_KEY] = drafts


def take_draft(request) -> dict | None:
    """The kept typing for this page, removed from the session so it is restored once."""
    if request.method != "GET" or DRAFTS_KEY not in request.session:
        return None
    drafts = request.session[DRAFTS_KEY]
    draft = drafts.pop(request.path, None)
    if draft is not None:
        request.session[DRAFTS_KEY] = drafts
    return draft
