"""``Cache-Control: no-store`` on every answer that may hold patient data.

Pages, downloads and API answers for a logged-in person (session) and everything under
``/api/`` (token) must not be kept by the browser's disk cache, a shared proxy or the back
button of a shared computer. Static files (served before this middleware by WhiteNoise) and
anonymous pages such as the log-in page keep their own caching.
"""

API_PREFIXES = ("/api/",)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = user is not None and user.is_authenticated
        if personal or request.path.startswith(API_PREFIXES):
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store, private"
        return response
