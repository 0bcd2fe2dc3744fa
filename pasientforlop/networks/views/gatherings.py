"""Gatherings: programme and time split, attendance, materials, the evaluation survey."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.accounts.models import User
from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.models import TeamMember
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.forms import MaterialForm, ProgrammeItemForm, SurveyForm
from pasientforlop.networks.models import Attendance, Material, SurveyResponse
from pasientforlop.networks.overview import survey_summary, time_split
from pasientforlop.networks.services import audit


def _form_page(request, form, title, milestone, *, back=None, multipart=False, network=None):
    return render(
        request,
        "networks/simple_form.html",
        {
            "form": form,
            "title": title,
            "back": back or reverse("networks:gathering", args=[milestone.pk]),
            "network": network or milestone.network,
            "milestone": milestone,
            "multipart": multipart,
        },
    )


def evaluation_opens(milestone, today) -> bool:
    """The evaluation can be sent from the gathering's first day."""
    return today >= milestone.starts_on


def programme_days(milestone) -> list[tuple[int, list]]:
    """The programme per day: ``[(1, [items…]), (2, [items…])]``."""
    found: dict[int, list] = {}
    for item in milestone.programme.all():
        found.setdefault(item.day, []).append(item)
    return sorted(found.items())


def gathering(request, pk):
    milestone, net = access.get_milestone(request.user, pk)
    if not milestone.is_meeting:
        raise Http404
    attended = Attendance.objects.filter(milestone=milestone)
    return render(
        request,
        "networks/gathering.html",
        {
            "milestone": milestone,
            "network": milestone.network,
            "access": net,
            "programme": milestone.programme.all(),
            "days": programme_days(milestone),
            "evaluation_open": evaluation_opens(milestone, today_oslo()),
            **time_split([milestone]),
            "attendance": attended.count(),  # staff, not users of services
            "attended": attended.filter(user=request.user).exists(),
            "answered": SurveyResponse.objects.filter(
                milestone=milestone, user=request.user
            ).exists(),
            "materials": milestone.materials.all(),
            "summary": survey_summary(milestone) if net.staff else None,
            "form": ProgrammeItemForm(),
        },
    )


def programme_item_new(request, pk):
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    days = (milestone.ends_on - milestone.starts_on).days + 1
    form = ProgrammeItemForm(request.POST or None, days=days)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.milestone = milestone
        last = milestone.programme.filter(day=item.day).aggregate(Max("position"))
        item.position = (last["position__max"] or 0) + 1
        item.save()
        audit(
            request,
            AuditAction.CREATE,
            item,
            milestone.network,
            after={"title": item.title, "kind": item.kind, "minutes": item.minutes},
        )
        messages.success(request, _("The programme item has been added."))
        return redirect("networks:gathering", milestone.pk)
    return _form_page(request, form, _("New programme item"), milestone)


def _candidates(milestone):
    """People of the network's teams, with their participation."""
    members = (
        TeamMember.objects.filter(team__participations__network=milestone.network)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    found = {}
    for member in members:
        participation = member.team.participations.filter(network=milestone.network).first()
        found.setdefault(member.user_id, (member.user, participation))
    return list(found.values())


def _named_candidates(milestone):
    """Named team members without accounts, with their participation."""
    found = []
    for participation in milestone.network.participations.select_related("team"):
        for member in participation.team.named_members.all():
            found.append((member, participation))
    return found


def attendance(request, pk):
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    candidates = _candidates(milestone)
    named = _named_candidates(milestone)
    rows = Attendance.objects.filter(milestone=milestone)
    present = set(rows.exclude(user=None).values_list("user_id", flat=True))
    present_named = set(rows.exclude(named_member=None).values_list("named_member_id", flat=True))
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        allowed = {user.pk: participation for user, participation in candidates}
        chosen &= set(allowed)
        chosen_named = {int(v) for v in request.POST.getlist("present_named") if v.isdigit()}
        allowed_named = {member.pk: participation for member, participation in named}
        chosen_named &= set(allowed_named)
        with transaction.atomic():
            rows.exclude(user=None).exclude(user_id__in=chosen).delete()
            rows.exclude(named_member=None).exclude(named_member_id__in=chosen_named).delete()
            for user_id in chosen - present:
                Attendance.objects.create(
                    milestone=milestone, user_id=user_id, participation=allowed[user_id]
                )
            for member_id in chosen_named - present_named:
                Attendance.objects.create(
                    milestone=milestone,
                    named_member_id=member_id,
                    participation=allowed_named[member_id],
                )
        audit(
            request,
            AuditAction.UPDATE,
            milestone,
            milestone.network,
            before={"attendance": sorted(present), "named": sorted(present_named)},
            after={"attendance": sorted(chosen), "named": sorted(chosen_named)},
        )
        messages.success(request, _("The attendance has been saved."))
        return redirect("networks:gathering", milestone.pk)
    return render(
        request,
        "networks/attendance.html",
        {
            "milestone": milestone,
            "network": milestone.network,
            "candidates": [(u, p, u.pk in present) for u, p in candidates],
            "named": [(m, p, m.pk in present_named) for m, p in named],
        },
    )


def material_new(request, pk):
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        material = form.save(commit=False)
        material.milestone = milestone
        material.uploaded_by = request.user
        form.attach_upload(material)
        material.save()
        audit(
            request,
            AuditAction.CREATE,
            material,
            milestone.network,
            after={"title": material.title, "file": material.file_name, "url": material.url},
        )
        messages.success(request, _("The material has been added."))
        return redirect("networks:gathering", milestone.pk)
    return _form_page(request, form, _("New material"), milestone, multipart=True)


def material_download(request, pk):
    try:
        material = Material.objects.select_related("milestone").get(pk=pk)
    except (Material.DoesNotExist, ValueError):
        raise Http404 from None
    access.get_milestone(request.user, material.milestone_id)
    if not material.file:
        raise Http404
    with material.file.open("rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type=material.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        True, material.file_name or material.file.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def survey_send(request, pk):
    """Open the evaluation: attendees see it on their networks page and get an e-mail."""
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    if not evaluation_opens(milestone, today_oslo()):
        messages.error(request, _("The evaluation opens when the gathering has started."))
        return redirect("networks:gathering", milestone.pk)
    path = request.build_absolute_uri(reverse("networks:survey", args=[milestone.pk]))
    people = User.objects.filter(
        pk__in=Attendance.objects.filter(milestone=milestone).values("user_id"), is_active=True
    ).exclude(email="")
    for person in people:
        send_mail(
            _("Evaluation of %(gathering)s") % {"gathering": milestone.title},
            _("Thank you for taking part. Please tell us what you thought of it: %(link)s")
            % {"link": path},
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
    milestone.survey_sent_at = timezone.now()
    milestone.save(update_fields=["survey_sent_at"])
    audit(
        request,
        AuditAction.UPDATE,
        milestone,
        milestone.network,
        after={"survey_sent": True},
    )
    messages.success(request, _("The evaluation has been sent to the attendees."))
    return redirect("networks:gathering", milestone.pk)


def survey(request, pk):
    milestone, net = access.get_milestone(request.user, pk)
    if not Attendance.objects.filter(milestone=milestone, user=request.user).exists():
        raise PermissionDenied
    if milestone.survey_sent_at is None:
        raise PermissionDenied
    existing = SurveyResponse.objects.filter(milestone=milestone, user=request.user).first()
    if existing is not None:
        messages.info(request, _("You have already answered. Thank you!"))
        return redirect("networks:index")
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = form.save(commit=False)
        response.milestone = milestone
        response.user = request.user
        response.save()
        audit(request, AuditAction.CREATE, response, milestone.network, after={})
        messages.success(request, _("Thank you for your answers."))
        return redirect("networks:index")
    title = _("Evaluation of %(gathering)s") % {"gathering": milestone.title}
    return _form_page(request, form, title, milestone, back=reverse("networks:index"))
