from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("new/", views.decision_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.decision_edit, name="edit"),
    path("<int:pk>/file/", views.decision_file, name="file"),
    path("<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("measures/<int:pk>/evidence/", views.evidence_file, name="evidence"),
    path("measures/<int:pk>/review/", views.measure_review, name="review"),
    path("measures/<int:pk>/review/compute/", views.review_compute, name="review_compute"),
    path("reviews/<int:pk>/sign/", views.review_sign, name="review_sign"),
    path("campaigns/<int:pk>/summary/", views.campaign_summary, name="summary"),
]
