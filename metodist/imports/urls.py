from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("template/<slug:code>/", views.template, name="template"),
    path("sample/<slug:name>/", views.sample, name="sample"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/commit/", views.commit, name="commit"),
]
