from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.municipality, name="municipality"),
    path("<int:pk>/reports/<int:report_pk>/", views.report, name="report"),
]
