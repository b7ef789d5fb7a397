from django.urls import path

from . import urls_matching, views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
    *urls_matching.urlpatterns,
]
