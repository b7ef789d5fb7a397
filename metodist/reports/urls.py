from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/report.docx", views.download_docx, name="docx"),
    path("<int:pk>/pdf/", views.start_pdf, name="pdf"),
    path("sentences/<int:pk>/edit/", views.sentence_edit, name="sentence_edit"),
    path("sentences/<int:pk>/settle/", views.sentence_settle, name="sentence_settle"),
]
