"""Name searches on staff lists. What a user types to find someone by name is posted and kept in
the session, never put in the address, where it would land in browser history, server logs and
Referer headers. The other filters (statuses, types, sorting) hold no personal data and stay in
the address, so a filtered list can still be bookmarked."""

from dataclasses import dataclass

from django import forms
from django.http import HttpResponseRedirect, QueryDict

SEARCH_FIELD = "q"


class NameSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SEARCH_FIELD].label = label


@dataclass
class NameSearch:
    form: NameSearchForm
    response: HttpResponseRedirect | None
    value: str

    def filter_data(self, query: QueryDict) -> QueryDict | None:
        """The list's filter data: the address's filters with the kept search in place of any `q`
        found there (an old bookmark's `q` is ignored). None when there is nothing to filter by."""
        data = query.copy()
        data.pop(SEARCH_FIELD, None)
        if self.value:
            data[SEARCH_FIELD] = self.value
        return data or None


def query_without_page(request) -> str:
    """The address's filters for page links: without the page number, and never a name search."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(SEARCH_FIELD, None)
    return query.urlencode()


def _same_list(request) -> HttpResponseRedirect:
    query = request.GET.copy()
    for name in ("page", SEARCH_FIELD):
        query.pop(name, None)
    return HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))


def name_search(request, key: str, *, label: str) -> NameSearch:
    """The list's name search. A POST with a valid search keeps it in the session under `key` and
    answers with a redirect back to the list (first page, other filters kept); "clear" forgets it.
    A POST that is not valid is shown with its error and what was typed, and changes nothing."""
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(key, None)
            return NameSearch(NameSearchForm(label=label), _same_list(request), "")
        form = NameSearchForm(request.POST, label=label)
        if form.is_valid():
            request.session[key] = form.cleaned_data[SEARCH_FIELD]
            return NameSearch(form, _same_list(request), form.cleaned_data[SEARCH_FIELD])
        return NameSearch(form, None, request.session.get(key, ""))
    value = request.session.get(key, "")
    return NameSearch(NameSearchForm(initial={SEARCH_FIELD: value}, label=label), None, value)
