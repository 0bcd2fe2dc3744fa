from django.apps import AppConfig


class LibConfig(AppConfig):
    """Shared helpers; registered so its templates and template tags are found."""

    name = "pasientforlop.lib"
    label = "pflib"
