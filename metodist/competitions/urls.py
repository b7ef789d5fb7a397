from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stage/", views.add_stage, name="add_stage"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
    path("stage/<int:pk>/entry/", views.add_entry, name="add_entry"),
    path("stage/<int:pk>/close/", views.close_stage, name="close_stage"),
    path("stage/<int:pk>/criterion/", views.add_criterion, name="add_criterion"),
    path("stage/<int:pk>/jury/", views.add_jury, name="add_jury"),
    path("stage/<int:pk>/sheet/", views.sheet, name="sheet"),
    path("stage/<int:pk>/agreement/", views.agreement_table, name="agreement"),
    path("entry/<int:pk>/result/", views.record_result, name="record_result"),
    path("entry/<int:pk>/advance/", views.advance, name="advance"),
]
