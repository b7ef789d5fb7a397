from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:tab>/", views.new, name="new"),
    path("<str:tab>/<int:pk>/edit/", views.edit, name="edit"),
    path("<str:tab>/<int:pk>/delete/", views.delete, name="delete"),
    path("export/", views.export, name="export"),
    path("educator/<int:pk>/", views.educator, name="educator"),
    path("organization/<int:pk>/", views.organization, name="organization"),
]
