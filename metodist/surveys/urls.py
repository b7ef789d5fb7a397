from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("template/", views.copy_template, name="copy_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path("<int:pk>/questions/<int:question_pk>/options/", views.option_add, name="option_add"),
    path("<int:pk>/options/<int:option_pk>/", views.option_edit, name="option_edit"),
    path("<int:pk>/options/<int:option_pk>/delete/", views.option_delete, name="option_delete"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/results/", views.results, name="results"),
]
