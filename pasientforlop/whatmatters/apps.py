from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhatMattersConfig(AppConfig):
    name = "pasientforlop.whatmatters"
    verbose_name = _("“What matters to you?”")
