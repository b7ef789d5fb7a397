from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:tab>/", views.new, name="new"),
    path("export/", views.export, name="export"),
    path("educator/<int:pk>/", views.educator, name="educator"),
    path("organization/<int:pk>/", views.organization, name="organization"),
]
