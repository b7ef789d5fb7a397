from django.urls import path

from . import views

app_name = "clusters"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/years/", views.years, name="years"),
    path("<int:pk>/organization/<int:organization_pk>/", views.organization, name="organization"),
]
