from django.urls import path

from . import views, views_analytics, views_selfcheck

app_name = "diagnostics"
urlpatterns = [
    path("", views.index, name="index"),
    path("procedures/", views.diagnostic_list, name="list"),
    path("procedures/new/", views.diagnostic_create, name="create"),
    path("procedures/<int:pk>/", views.diagnostic_detail, name="detail"),
    path("procedures/<int:pk>/edit/", views.diagnostic_edit, name="edit"),
    path("procedures/<int:pk>/educators/<int:educator_id>/", views.participant, name="participant"),
    path("procedures/<int:pk>/import/", views.import_new, name="import_new"),
    path("procedures/<int:pk>/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("mine/", views.my_results, name="mine"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/competencies/new/", views.competency_form, name="competency_add"),
    path("versions/<int:pk>/competencies/<str:code>/", views.competency_form, name="competency_edit"),
    path("versions/<int:pk>/competencies/<str:code>/remove/", views.competency_remove, name="competency_remove"),
    path("versions/<int:pk>/levels/", views.levels_form, name="levels"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
]

# Self-diagnosis questionnaires and the analytics of deficits
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
