from django.urls import path

from . import views

app_name = "difficulties"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrix/<str:by>/", views.matrix, name="matrix"),
    path("trends/", views.trends, name="trends"),
    path("cell/", views.cell, name="cell"),
    path("cell/plan/", views.plan, name="plan"),
    path("export/", views.export, name="export"),
    path("topics/", views.topics, name="topics"),
    path("topics/<int:pk>/rename/", views.rename, name="rename"),
    path("topics/<int:pk>/move/<str:step>/", views.move, name="move"),
    path("topics/<int:pk>/archive/", views.archive, name="archive"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/delete/", views.delete, name="delete"),
]
