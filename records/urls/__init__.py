"""The records pages, one module per kind of record."""

from . import medicines, money, notes, oversight, support

app_name = "records"

urlpatterns = [
    *support.urlpatterns,
    *notes.urlpatterns,
    *medicines.urlpatterns,
    *money.urlpatterns,
    *oversight.urlpatterns,
]
