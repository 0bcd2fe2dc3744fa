"""Invitations and applications: the coordinator publishes, a municipality fills in the form
(drafts are kept), submits before the deadline; coordinators admit or decline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.services import fields_of
from pasientforlop.lib.dates import format_date, today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.forms import (
    ApplicationForm,
    DecisionForm,
    InvitationForm,
    TeamFormSet,
    submission_problems,
)
from pasientforlop.networks.models import (
    Application,
    ApplicationStatus,
    Invitation,
)
from pasientforlop.networks.services import Refused, admit, audit, decline

APPLICATION_FIELDS = (
    "hospital_trust",
    "contact_name",
    "contact_email",
    "contact_phone",
    *Application.TEXT_FIELDS,
    "status",
)


def _audit_status(request, item, before: str, after: str, **extra) -> None:
    audit(
        request,
        AuditAction.UPDATE,
        item,
        item.invitation.network,
        organisation=item.municipality,
        before={"status": before},
        after={"status": after, **extra},
    )


def invitation_edit(request, pk):
    net = access.get_network(request.user, pk, manage=True)
    invitation = Invitation.objects.filter(network=net.network).first()
    form = InvitationForm(
        request.POST or None,
        instance=invitation,
        initial={"publish": bool(invitation and invitation.published_at)},
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.network = net.network
        if form.cleaned_data["publish"] and saved.published_at is None:
            saved.published_at = timezone.now()
        elif not form.cleaned_data["publish"]:
            saved.published_at = None
        saved.save()
        audit(
            request,
            AuditAction.UPDATE if invitation else AuditAction.CREATE,
            saved,
            net.network,
            after={
                "deadline": saved.deadline.isoformat(),
                "published": saved.published_at is not None,
            },
        )
        messages.success(request, _("The invitation has been saved."))
        return redirect("networks:applications", net.network.pk)
    return render(request, "networks/invitation_form.html", {"network": net.network, "form": form})


def invitation(request, pk):
    """A published invitation, for municipalities: start (or continue) an application."""
    try:
        item = Invitation.objects.select_related("network").get(pk=pk, published_at__isnull=False)
    except (Invitation.DoesNotExist, ValueError):
        raise Http404 from None
    places = access.applicant_places(request.user)
    if not places:
        raise PermissionDenied
    existing = {a.municipality_id: a for a in item.applications.filter(municipality__in=places)}
    if request.method == "POST":
        chosen = next((p for p in places if str(p.pk) == request.POST.get("municipality")), None)
        if chosen is None:
            raise PermissionDenied
        if chosen.pk in existing:
            return redirect("networks:application", existing[chosen.pk].pk)
        if item.deadline < today_oslo():
            messages.error(request, _("The application deadline has passed."))
            return redirect("networks:invitation", item.pk)
        application = Application.objects.create(
            invitation=item, municipality=chosen, created_by=request.user
        )
        audit(
            request,
            AuditAction.CREATE,
            application,
            item.network,
            organisation=chosen,
            after={"status": application.status},
        )
        return redirect("networks:application", application.pk)
    return render(
        request,
        "networks/invitation.html",
        {
            "invitation": item,
            "network": item.network,
            "places": [(p, existing.get(p.pk)) for p in places],
            "open": item.deadline >= today_oslo(),
        },
    )


def application(request, pk):
    """The form: "Save draft" keeps everything as typed; "Submit" checks it first."""
    acc = access.get_application(request.user, pk)
    item = acc.application
    deadline = item.invitation.deadline
    if not (acc.applicant and item.editable):
        texts = [
            (Application._meta.get_field(name).verbose_name, getattr(item, name))
            for name in Application.TEXT_FIELDS
        ]
        return render(
            request,
            "networks/application_read.html",
            {
                "application": item,
                "members": item.team_members.all(),
                "access": acc,
                "texts": texts,
                "decision_form": DecisionForm(
                    municipality=item.municipality, network=item.invitation.network
                ),
            },
        )
    form = ApplicationForm(request.POST or None, instance=item)
    formset = TeamFormSet(request.POST or None, instance=item, prefix="team")
    problems = []
    if request.method == "POST":
        before = fields_of(item, APPLICATION_FIELDS)
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                form.save()
                formset.save()
            item.refresh_from_db()
            audit(
                request,
                AuditAction.UPDATE,
                item,
                item.invitation.network,
                organisation=item.municipality,
                before=before,
                after=fields_of(item, APPLICATION_FIELDS),
            )
            if "submit" not in request.POST:
                messages.success(request, _("The draft has been saved."))
                return redirect("networks:application", item.pk)
            members = list(item.team_members.all())
            if today_oslo() > deadline:
                problems = [
                    _(
                        "The application deadline was %(date)s: the application cannot be "
                        "submitted any more. Your draft is kept."
                    )
                    % {"date": format_date(deadline)}
                ]
            else:
                problems = submission_problems(item, members)
            if not problems:
                Application.objects.filter(pk=item.pk).update(
                    status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
                )
                _audit_status(request, item, ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
                messages.success(request, _("The application has been submitted."))
                return redirect("networks:application", item.pk)
            form = ApplicationForm(instance=item)
            formset = TeamFormSet(instance=item, prefix="team")
    return render(
        request,
        "networks/application_form.html",
        {
            "application": item,
            "form": form,
            "formset": formset,
            "problems": problems,
            "deadline": deadline,
            "late": today_oslo() > deadline,
        },
    )


def applications(request, pk):
    net = access.get_network(request.user, pk)
    invitation = Invitation.objects.filter(network=net.network).first()
    items = (
        invitation.applications.exclude(status=ApplicationStatus.DRAFT).select_related(
            "municipality"
        )
        if invitation
        else []
    )
    return render(
        request,
        "networks/applications.html",
        {"network": net.network, "access": net, "invitation": invitation, "applications": items},
    )


@require_POST
def decide(request, pk):
    acc = access.get_application(request.user, pk)
    if not acc.decide:
        raise PermissionDenied
    item = acc.application
    form = DecisionForm(
        request.POST, municipality=item.municipality, network=item.invitation.network
    )
    if not form.is_valid() or item.status != ApplicationStatus.SUBMITTED:
        messages.error(request, _("Choose admit or decline and write a message."))
        return redirect("networks:application", item.pk)
    message = form.cleaned_data["message"]
    try:
        if form.cleaned_data["decision"] == "admit":
            participation = admit(item, request.user, message, team=form.cleaned_data.get("team"))
            audit(
                request,
                AuditAction.CREATE,
                participation.team,
                item.invitation.network,
                organisation=item.municipality,
                after={
                    "team": participation.team_id,
                    "application": item.pk,
                    "named_members": participation.named_added,
                },
            )
            if participation.named_added:
                messages.warning(
                    request,
                    _(
                        "These team members have no user account and were kept as named "
                        "members of the team: %(names)s. Ask them to get an account, or record "
                        "their attendance by name."
                    )
                    % {"names": ", ".join(participation.named_added)},
                )
        else:
            decline(item, request.user, message)
    except Refused:
        messages.error(request, _("Someone else decided on this application first."))
        return redirect("networks:application", item.pk)
    _audit_status(request, item, ApplicationStatus.SUBMITTED, item.status, message=message)
    messages.success(request, _("The decision has been saved."))
    return redirect("networks:applications", item.invitation.network_id)
