from django.urls import path

from . import views

app_name = "attestation"
urlpatterns = [
    path("", views.index, name="index"),
]
