from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pasientforlop.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from pasientforlop.audit import signals, triggers

        signals.connect()

        # After every migrate, make sure the append-only triggers are in place.
        post_migrate.connect(triggers.ensure, sender=self)
