from django.urls import path

from pasientforlop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("organisasjoner/", views.organisation_list, name="organisations"),
    path("organisasjoner/<int:pk>/", views.organisation_detail, name="organisation"),
    path(
        "organisasjoner/<int:pk>/personer/", views.organisation_people, name="organisation_people"
    ),
]
