from django.urls import path

from . import views

app_name = "routes"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/propose/", views.repropose, name="repropose"),
    path("<int:pk>/steps/new/", views.step_form, name="step_new"),
    path("<int:pk>/steps/<int:step_pk>/edit/", views.step_form, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/decide/", views.step_decide, name="step_decide"),
    path("<int:pk>/steps/<int:step_pk>/cancel/", views.step_cancel, name="step_cancel"),
    path("<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("<int:pk>/steps/<int:step_pk>/comment/", views.step_comment, name="step_comment"),
    path("<int:pk>/steps/<int:step_pk>/evidence/", views.step_evidence, name="step_evidence"),
    path("<int:pk>/recommendations/<int:rec_pk>/", views.recommendation_edit, name="recommendation_edit"),
    path("<int:pk>/support/", views.support_add, name="support_add"),
]
