from django.urls import path

from . import views

app_name = "structure"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("load/", views.load, name="load"),
    path("structure.docx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("public/<int:municipality_id>/", views.public, name="public"),
]
