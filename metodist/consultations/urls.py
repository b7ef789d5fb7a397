from django.urls import path

from . import exports, views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("export/", exports.export, name="export"),
    path("stats/", exports.stats, name="stats"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/consultation/", views.consult, name="consult"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
