from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "pasientforlop.interop"
    label = "interop"
    verbose_name = "Interoperability"
