from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:membership>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/members/<int:membership>/correct/", views.member_correct, name="member_correct"),
    path("<int:pk>/plan/", views.plan_item_add, name="plan_item_add"),
    path("<int:pk>/plan/<int:item>/done/", views.plan_item_done, name="plan_item_done"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/meetings/<int:meeting>/", views.meeting, name="meeting"),
    path("<int:pk>/attachments/<int:attachment>/", views.attachment, name="attachment"),
    path("<int:pk>/products/new/", views.product_add, name="product_add"),
    path("<int:pk>/products/<int:product>/file/", views.product_file, name="product_file"),
]
