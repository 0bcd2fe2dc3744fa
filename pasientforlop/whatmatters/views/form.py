"""The "what matters to me" form: activities, dated and signed conversations, means, benefit."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import format_date
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.forms import ActivitiesForm, ConversationForm
from pasientforlop.whatmatters.models import FormVersion
from pasientforlop.whatmatters.services import (
    EditConflict,
    InvalidInput,
    add_conversation,
    save_activities,
)
from pasientforlop.whatmatters.summary import latest_form, summarise
from pasientforlop.whatmatters.views.common import (
    audit,
    audit_view,
    conflict_context,
    get_patient,
    page,
)


def form_lines(form) -> list[str]:
    """The form as it is now, in words (shown to the second of two people saving at once)."""
    summary = summarise(form)
    lines = [f"{n}. {row['text']}" for n, row in enumerate(summary.rows, start=1)]
    for item in summary.conversations:
        lines.append(
            _("Conversation %(number)s, %(date)s, signed by %(who)s: mean %(mean)s")
            % {
                "number": item.number,
                "date": format_date(item.conversation.held_on),
                "who": item.conversation.signed_by_name,
                "mean": item.text,
            }
        )
    return lines


def form_page(request, patient_pk):
    patient = get_patient(request, patient_pk)
    form = latest_form(patient)
    audit_view(request, form, patient)
    return page(
        request,
        "whatmatters/form.html",
        patient,
        "form",
        {"summary": summarise(form) if form else None},
    )


def activities(request, patient_pk):
    patient = get_patient(request, patient_pk)
    form = latest_form(patient)
    extra, errors = {}, []
    if request.method == "POST":
        edit = ActivitiesForm(request.POST)
        if edit.is_valid():
            data = edit.cleaned_data
            try:
                saved = save_activities(
                    patient,
                    form,
                    data["rows"],
                    data["version"] or 0,
                    request.user,
                    form_version=data["form_version"],
                )
            except InvalidInput as refused:
                errors = refused.messages
                rows = [{"pk": r.pk, "text": r.text} for r in data["rows"]]
            except EditConflict as conflict:
                # Theirs shown above, yours kept in the form with their version: saving
                # again is a choice. A line they removed meanwhile comes back as a new one.
                form = conflict.current
                extra = conflict_context(form, form_lines(form))
                edit = ActivitiesForm(
                    initial={"version": form.version, "form_version": form.form_version}
                )
                still = {a.pk for a in form.activities.all()}
                rows = [
                    {"pk": r.pk if r.pk in still else None, "text": r.text}
                    for r in data["rows"]
                    if not r.remove and (r.pk or r.text.strip())
                ]
            else:
                audit(
                    request,
                    AuditAction.UPDATE,
                    saved,
                    patient,
                    after={"activities": [a.text for a in saved.activities.all()]},
                )
                messages.success(request, _("The activities have been saved."))
                return redirect("whatmatters:form", patient.pk)
        else:
            rows = None
    else:
        edit = ActivitiesForm(
            initial={"version": form.version if form else 0, "form_version": FormVersion.default()}
        )
        rows = None
    if rows is None:
        rows = [{"pk": a.pk, "text": a.text} for a in form.activities.all()] if form else []
    scored = set()
    if form is not None:
        scored = {s.activity_id for c in form.conversations.all() for s in c.scores.all()}
    free = max(scoring.MAX_ACTIVITIES - len(rows), 0)
    # Every free line up to the maximum; the page's script shows them one at a time.
    lines = rows + [{"pk": None, "text": ""} for _i in range(free)]
    if not lines:
        lines = [{"pk": None, "text": ""}]
    for number, line in enumerate(lines, start=1):
        line["number"] = number
        line["scored"] = line["pk"] in scored
    audit_view(request, form, patient)
    return page(
        request,
        "whatmatters/activities.html",
        patient,
        "form",
        {"edit": edit, "lines": lines, "form": form, "errors": errors, **extra},
    )


def conversation_new(request, patient_pk):
    patient = get_patient(request, patient_pk)
    form = latest_form(patient)
    if form is None or not form.activities.all():
        messages.info(request, _("Write down the activities before the first conversation."))
        return redirect("whatmatters:activities", patient.pk)
    version = form.form_version
    kwargs = {
        "activities": list(form.activities.all()),
        "scale": (version.scale_min, version.scale_max),
    }
    extra, errors = {}, []
    if request.method == "POST":
        entry = ConversationForm(request.POST, **kwargs)
        if entry.is_valid():
            data = entry.cleaned_data
            try:
                conversation = add_conversation(
                    form,
                    held_on=data["held_on"],
                    scores=data["scores"],
                    with_user_present=data["with_user_present"],
                    note=data["note"],
                    seen=data["version"] or 0,
                    user=request.user,
                )
            except InvalidInput as refused:
                errors = refused.messages
            except EditConflict:
                form = latest_form(patient)
                extra = conflict_context(form, form_lines(form))
                resubmit = request.POST.copy()
                resubmit["version"] = str(form.version)
                entry = ConversationForm(resubmit, **kwargs)
            else:
                audit(
                    request,
                    AuditAction.CREATE,
                    conversation,
                    patient,
                    after={
                        "held_on": conversation.held_on.isoformat(),
                        "scores": {str(k): v for k, v in data["scores"].items()},
                    },
                )
                messages.success(request, _("The conversation has been saved."))
                return redirect("whatmatters:form", patient.pk)
    else:
        entry = ConversationForm(initial={"version": form.version}, **kwargs)
    audit_view(request, form, patient)
    number = len(form.conversations.all()) + 1
    return page(
        request,
        "whatmatters/conversation_new.html",
        patient,
        "form",
        {"entry": entry, "form": form, "number": number, "errors": errors, **extra},
    )
