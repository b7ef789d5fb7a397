from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("annual/", views.annual, name="annual"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("record/", views.record_page, name="record"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("ics/municipality/<int:pk>.ics", views.municipality_feed, name="municipality_feed"),
    path("ics/<str:key>.ics", views.user_feed, name="user_feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/template/", views.attendance_template, name="attendance_template"),
    path("<int:pk>/materials/", views.add_material, name="add_material"),
    path("participations/<int:pk>/decide/", views.decide, name="decide"),
    path("participations/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("participations/<int:pk>/<str:how>/", views.leave, name="leave"),
]
