from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.educator_list, name="list"),
    path("export/", views.educator_export, name="export"),
    path("new/", views.educator_create, name="create"),
    path("<int:pk>/", views.educator_detail, name="detail"),
    path("<int:pk>/edit/", views.educator_edit, name="edit"),
    path("<int:pk>/absences/new/", views.absence_create, name="absence_create"),
    path("absences/<int:pk>/edit/", views.absence_edit, name="absence_edit"),
    path("absences/<int:pk>/end/", views.absence_end, name="absence_end"),
    path("me/contacts/", views.own_contacts, name="own_contacts"),
    path("me/correction/", views.correction_create, name="correction_create"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction"),
    path("corrections/<int:pk>/apply/", views.correction_apply, name="correction_apply"),
    path("corrections/<int:pk>/decline/", views.correction_decline, name="correction_decline"),
]
