from django.urls import path

from . import views

app_name = "diagnostics"
urlpatterns = [
    path("", views.index, name="index"),
]

# Self-diagnosis questionnaires and the analytics (H2: views_selfcheck.py, views_analytics.py)
from . import views_analytics, views_selfcheck  # noqa: E402

urlpatterns += [
    path("selfcheck/", views_selfcheck.questionnaire_list, name="selfcheck_list"),
    path("selfcheck/new/", views_selfcheck.questionnaire_create, name="selfcheck_create"),
    path("selfcheck/<int:pk>/", views_selfcheck.questionnaire_detail, name="selfcheck_detail"),
    path("selfcheck/<int:pk>/edit/", views_selfcheck.questionnaire_edit, name="selfcheck_edit"),
    path("selfcheck/<int:pk>/statements/", views_selfcheck.questionnaire_statements, name="selfcheck_statements"),
    path("selfcheck/<int:pk>/publish/", views_selfcheck.questionnaire_publish, name="selfcheck_publish"),
    path("selfcheck/<int:pk>/fill/", views_selfcheck.questionnaire_fill, name="selfcheck_fill"),
    path("analytics/", views_analytics.heatmap, name="analytics_heatmap"),
    path("analytics/heatmap.xlsx", views_analytics.heatmap_export, name="analytics_heatmap_export"),
    path("analytics/risk/", views_analytics.risk, name="analytics_risk"),
    path("analytics/calibration/", views_analytics.calibration, name="analytics_calibration"),
    path(
        "analytics/calibration/<int:educator_id>/",
        views_analytics.calibration_person,
        name="analytics_calibration_person",
    ),
]
