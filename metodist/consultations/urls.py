from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
]
