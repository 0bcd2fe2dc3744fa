from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt

from pasientforlop.interop import views
from pasientforlop.interop.api import api, http


def _token_authenticated(patterns):
    """The API authenticates by token, not by session: its views are open to the log-in
    middleware and answer 401 themselves."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _token_authenticated(pattern.url_patterns)
    return patterns


def _with_http(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = http.wrap(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _with_http(pattern.url_patterns)
    return patterns


api_patterns, api_app, api_namespace = api.urls
_with_http(api_patterns)
api_patterns.append(re_path(r"^.*$", csrf_exempt(http.not_found), name="api_not_found"))
_token_authenticated(api_patterns)

app_name = "interop"

urlpatterns = [
    path("api/docs/", views.api_docs, name="api_docs"),
    path("konto/api-nokler/", views.token_list, name="tokens"),
    path("konto/api-nokler/<int:pk>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
    path("arbeidsliste/last-ned/<str:fmt>/", views.worklist_download, name="worklist_download"),
    path(
        "forbedring/maling/<int:pk>/data/<str:fmt>/",
        views.measure_download,
        name="measure_download",
    ),
    path("nettverk/<int:pk>/last-ned/<str:fmt>/", views.network_download, name="network_download"),
]

api_urls = (api_patterns, api_app, api_namespace)
