from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaign/<int:pk>/", views.campaign, name="campaign"),
    path("campaign/<int:pk>/generate/", views.generate, name="generate"),
    path("campaign/<int:pk>/send/", views.send_approved, name="send_approved"),
    path("campaign/<int:pk>/add/", views.add, name="add"),
    path("campaign/<int:pk>/readers/", views.readers, name="readers"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/read/", views.read, name="read"),
    path("<int:pk>/<slug:step>/", views.move, name="move"),
]
