"""Norwegian bokmål unless the user has chosen another language with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language; a municipal tablet set
up in English should still show bokmål until someone picks another language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
