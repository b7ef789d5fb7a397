from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:tab>/", views.new, name="new"),
    path("<str:tab>/<int:pk>/edit/", views.edit, name="edit"),
    path("<str:tab>/<int:pk>/delete/", views.delete, name="delete"),
    path("export/", views.export, name="export"),
    path("import/<str:tab>/", views.import_new, name="import_new"),
    path("import/<str:tab>/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("educator/<int:pk>/", views.educator, name="educator"),
    path("organization/<int:pk>/", views.organization, name="organization"),
]
