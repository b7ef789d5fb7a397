from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.submit, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/materials/new/", views.add_material, name="add_material"),
    path("<int:pk>/materials/<int:material_pk>/", views.material, name="material"),
    path("<int:pk>/materials/<int:material_pk>/remove/", views.remove_material, name="remove_material"),
    path("public/", views.public_list, name="public"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/materials/<int:material_pk>/", views.public_material, name="public_material"),
    path("public/<int:pk>/material/", views.public_first_material, name="public_first_material"),
]
