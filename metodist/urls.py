from django.contrib import admin
from django.urls import include, path

from metodist.api.urls import api

urlpatterns = [
    path("", include("metodist.home.urls")),
    path("accounts/", include("metodist.accounts.urls")),
    path("orgs/", include("metodist.orgs.urls")),
    path("people/", include("metodist.people.urls")),
    path("imports/", include("metodist.imports.urls")),
    path("diagnostics/", include("metodist.diagnostics.urls")),
    path("training/", include("metodist.training.urls")),
    path("routes/", include("metodist.routes.urls")),
    path("attestation/", include("metodist.attestation.urls")),
    path("monitoring/", include("metodist.monitoring.urls")),
    path("audit/", include("metodist.audit.urls")),
    path("jobs/", include("metodist.jobs.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Методист — администрирование"
admin.site.site_title = "Методист"
