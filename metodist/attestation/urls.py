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
    path("educator/<int:pk>/portfolio/docx/", views.portfolio_docx, name="portfolio_docx"),
    path("educator/<int:pk>/portfolio/pdf/", views.portfolio_pdf, name="portfolio_pdf"),
    path("record/<int:pk>/correct/", views.record_correct, name="correct"),
]
