from django.urls import path

from . import urls_matching, views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("needing/", views.needing, name="needing"),
    path("new/", views.new, name="new"),
    path("programs/", views.programs, name="programs"),
    path("incentives/", views.incentives, name="incentives"),
    path("incentives/<int:org_pk>/", views.incentive_edit, name="incentive_edit"),
    path("incentives/<int:org_pk>/document/", views.incentive_document, name="incentive_document"),
    path("incentives/municipality/<int:mun_pk>/", views.municipal_incentive_edit, name="municipal_incentive_edit"),
    path(
        "incentives/municipality/<int:mun_pk>/document/",
        views.municipal_incentive_document,
        name="municipal_incentive_document",
    ),  # fmt: skip
    path("cadence/", views.cadence, name="cadence"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/check/", views.goal_check, name="goal_check"),
    path("<int:pk>/goals/<int:goal_pk>/confirm/", views.goal_confirm, name="goal_confirm"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("<int:pk>/review/", views.review_add, name="review_add"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/terminate/", views.terminate, name="terminate"),
    path("<int:pk>/mentees/", views.mentee_add, name="mentee_add"),
    path("<int:pk>/mentees/<int:educator_pk>/remove/", views.mentee_remove, name="mentee_remove"),
    *urls_matching.urlpatterns,
]
