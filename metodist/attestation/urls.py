from django.urls import path

from . import views

app_name = "attestation"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/export/", views.calendar_export, name="calendar_export"),
    path("educator/<int:pk>/", views.educator, name="educator"),
    path("educator/<int:pk>/new/", views.record_new, name="new"),
    path("educator/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    path("educator/<int:pk>/portfolio/export/", views.portfolio_export, name="portfolio_export"),
    path("record/<int:pk>/correct/", views.record_correct, name="correct"),
]
