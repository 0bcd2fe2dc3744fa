"""Form rendering with Designsystemet's field, label and input components."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "lib/forms/form.html"
    field_template_name = "lib/forms/field.html"
