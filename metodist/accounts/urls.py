from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from metodist.accounts import forms, views

app_name = "accounts"

# Django's password views with Russian pages: one form page and one message page serve all of them.
FORM_PAGE = "accounts/password_form.html"
MESSAGE_PAGE = "accounts/password_message.html"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm,
            template_name=FORM_PAGE,
            success_url=reverse_lazy("accounts:password_change_done"),
            extra_context={"title": "Смена пароля", "button": "Сменить пароль"},
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={"title": "Пароль изменён", "message": "Новый пароль действует: входите с ним."},
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            form_class=forms.PasswordResetForm,
            template_name=FORM_PAGE,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            extra_context={
                "title": "Восстановление пароля",
                "intro": "Укажите адрес электронной почты вашей учётной записи: на него придёт ссылка для нового "
                "пароля.",
                "button": "Отправить ссылку",
            },
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={
                # The same answer whether the address is known or not: the page never tells who has an account.
                "title": "Проверьте почту",
                "message": "Если этот адрес указан в учётной записи, на него отправлено письмо со ссылкой для "
                "нового пароля. Письмо не пришло — проверьте папку «Спам» или обратитесь к администратору.",
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm,
            template_name=FORM_PAGE,
            success_url=reverse_lazy("accounts:password_reset_complete"),
            extra_context={"title": "Новый пароль", "button": "Сохранить пароль"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={"title": "Пароль сохранён", "message": "Теперь войдите с новым паролем."},
        ),
        name="password_reset_complete",
    ),
]
