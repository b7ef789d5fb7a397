from django.urls import path

from . import views

app_name = "difficulties"
urlpatterns = [
    path("", views.index, name="index"),
]
