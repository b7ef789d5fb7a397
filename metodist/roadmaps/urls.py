from django.urls import path

from . import views

app_name = "roadmaps"
urlpatterns = [
    path("", views.index, name="index"),
    path("due/", views.due, name="due"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/report.docx", views.report, name="report"),
    path("<int:pk>/items/<int:item_pk>/", views.edit_item, name="item"),
    path("<int:pk>/dues/<int:due_pk>/", views.mark_due, name="mark_due"),
]
