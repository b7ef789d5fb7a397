from django.urls import path

from . import views, views_quality

app_name = "monitoring"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/approve/", views.campaign_approve, name="campaign_approve"),
    path("<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("approvals/<int:pk>/reopen/", views.approval_reopen, name="approval_reopen"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/compute/", views.results_compute, name="compute"),
    path("<int:pk>/results/export.xlsx", views.results_export, name="export"),
    path("<int:pk>/indicators/<str:code>/", views.drilldown, name="drilldown"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/accept/", views.card_accept, name="card_accept"),
    path("cards/<int:pk>/return/", views.card_return, name="card_return"),
    path("cards/<int:pk>/reopen/", views.card_reopen, name="card_reopen"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("<int:pk>/cards/review/", views_quality.cards_review, name="cards_review"),
    path("<int:pk>/quality/", views_quality.quality_page, name="quality"),
    path("<int:pk>/quality/export.xlsx", views_quality.quality_export, name="quality_export"),
]
