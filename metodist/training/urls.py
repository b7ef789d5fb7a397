from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/", views.programs, name="programs"),
    path("programs/new/", views.program_edit, name="program_create"),
    path("programs/import/", views.programs_import, name="programs_import"),
    path("programs/<int:pk>/", views.program, name="program"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("template/<str:kind>.xlsx", views.import_template, name="template"),
    path("trainings/", views.trainings, name="trainings"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/import/", views.trainings_import, name="trainings_import"),
    path("trainings/<int:pk>/", views.training, name="training"),
    path("trainings/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("requests/", views.requests, name="requests"),
    path("my/", views.my, name="my"),
    path("my/request/", views.request_create, name="request_create"),
    path("retraining/", views.retraining, name="retraining"),
    path("effectiveness/", views.effectiveness, name="effectiveness"),
    path("orders/", views.orders, name="orders"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("orders/<int:pk>/export/", views.order_export, name="order_export"),
]
