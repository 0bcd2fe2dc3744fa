from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with our site class (system administrators only)."""

    default_site = "pasientforlop.admin_site.PasientforlopAdminSite"
