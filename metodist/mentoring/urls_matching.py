"""Routes of mentor matching, included by mentoring/urls.py (app «mentoring»)."""

from django.urls import path

from . import views_matching

urlpatterns = [
    path("matching/", views_matching.matching, name="matching"),
    path("matching/publish/", views_matching.matching_publish, name="matching_publish"),
    path("matching/weights/", views_matching.weights, name="weights"),
]
