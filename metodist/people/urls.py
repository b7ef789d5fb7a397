from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.educator_list, name="list"),
    path("export/", views.educator_export, name="export"),
    path("new/", views.educator_create, name="create"),
    path("<int:pk>/", views.educator_detail, name="detail"),
    path("<int:pk>/edit/", views.educator_edit, name="edit"),
]
