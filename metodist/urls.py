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
    path("mentoring/", include("metodist.mentoring.urls")),
    path("community/", include("metodist.community.urls")),
    path("events/", include("metodist.events.urls")),
    path("competitions/", include("metodist.competitions.urls")),
    path("practices/", include("metodist.practices.urls")),
    path("activities/", include("metodist.activities.urls")),
    path("consultations/", include("metodist.consultations.urls")),
    path("difficulties/", include("metodist.difficulties.urls")),
    path("surveys/", include("metodist.surveys.urls")),
    path("structure/", include("metodist.structure.urls")),
    path("monitoring/", include("metodist.monitoring.urls")),
    path("reports/", include("metodist.reports.urls")),
    path("clusters/", include("metodist.clusters.urls")),
    path("recommendations/", include("metodist.recommendations.urls")),
    path("decisions/", include("metodist.decisions.urls")),
    path("roadmaps/", include("metodist.roadmaps.urls")),
    path("reminders/", include("metodist.reminders.urls")),
    path("portal/", include("metodist.portal.urls")),
    path("audit/", include("metodist.audit.urls")),
    path("jobs/", include("metodist.jobs.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Методист — администрирование"
admin.site.site_title = "Методист"
