from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PloConfig(AppConfig):
    name = "pasientforlop.plo"
    verbose_name = _("PLO e-messages")
