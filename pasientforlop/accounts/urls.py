from django.contrib.auth import views as auth_views
from django.urls import path

from pasientforlop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("logg-inn/kode/", views.login_code, name="login_code"),
    path("logg-inn/oidc/", views.oidc_start, name="oidc_start"),
    path("logg-inn/oidc/svar/", views.oidc_callback, name="oidc_callback"),
    path("konto/tofaktor/", views.two_factor_setup, name="two_factor_setup"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("passord/glemt/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passord/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "passord/ny/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passord/ny/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("organisasjoner/", views.organisation_list, name="organisations"),
    path("organisasjoner/<int:pk>/", views.organisation_detail, name="organisation"),
    path(
        "organisasjoner/<int:pk>/personer/", views.organisation_people, name="organisation_people"
    ),
]
