"""Password rules with messages in all three interface languages."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLength(MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must have at least %(min_length)d character.",
            "This password is too short. It must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_help_text(self):
        return ngettext(
            "Your password must have at least %(min_length)d character.",
            "Your password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
