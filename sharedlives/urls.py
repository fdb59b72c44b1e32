from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from sharedlives.accounts import views as account_views
from sharedlives.floor import floor

admin.site.site_header = "Shared Lives administration"
admin.site.site_title = "Shared Lives admin"
# The admin signs in through the same login page as everyone else.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("reports.home_urls")),
    # The base layout and nothing else: what `make bench` compares page timings with.
    path("signed-in/", floor, name="floor"),
    # Addresses are the scheme's to change: allauth's page for adding and switching them is replaced.
    path("accounts/email/", account_views.email_managed_by_scheme, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("sharedlives.accounts.urls")),
    path("", include("carers.urls")),
    path("", include("people.urls")),
    path("", include("matching.urls")),
    path("", include("arrangements.urls")),
    path("", include("safeguarding.urls")),
    path("", include("records.urls")),
    path("", include("sharedlives.audit.urls")),
    path("", include("sharedlives.files.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
