"""Form rendering with Designsystemet's components, and a shared file upload form."""

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "lib/forms/form.html"
    field_template_name = "lib/forms/field.html"


class FileUploadForm(forms.Form):
    """A form whose ``file`` field is refused when the file is too large or wrongly named.

    Subclasses declare ``file`` (with its label and help text) and set ``max_bytes`` with the
    ``too_large`` message; ``suffixes`` with the ``wrong_suffix`` message limit the file name.
    """

    max_bytes: int
    too_large: str
    suffixes: tuple[str, ...] = ()
    wrong_suffix: str = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.suffixes and not upload.name.lower().endswith(self.suffixes):
            raise forms.ValidationError(self.wrong_suffix)
        if upload.size > self.max_bytes:
            raise forms.ValidationError(self.too_large)
        return upload
