from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from pasientforlop.accounts import views as account_views
from pasientforlop.interop import urls as interop_urls

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("pasientforlop.accounts.urls")),
    path("revisjon/", include("pasientforlop.audit.urls")),
    path("", include("pasientforlop.pathways.urls")),
    path("", include("pasientforlop.whatmatters.urls")),
    path("", include("pasientforlop.improvement.urls")),
    path("", include("pasientforlop.networks.urls")),
    path("", include("pasientforlop.plo.urls")),
    path("", include("pasientforlop.interop.urls")),
    path("api/", interop_urls.api_urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("helse/", account_views.health, name="health"),
    path("admin/", admin.site.urls),
]
