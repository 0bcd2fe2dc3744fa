"""Teams: the list, making a team, the team's home page, its details and members."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement.forms import MemberForm, NamedMemberForm, TeamForm
from pasientforlop.improvement.home import home_context
from pasientforlop.improvement.models import TeamMember, TeamRole
from pasientforlop.improvement.services import audit, fields_of
from pasientforlop.improvement.views.common import page
from pasientforlop.lib.dates import today_oslo

TEAM_FIELDS = ("name", "mandate", "anchored_with", "anchored_on", "anchoring_note")


def team_list(request):
    teams = team_access.teams_for_user(request.user).prefetch_related("organisations")
    if not teams and not team_access.may_create_team(request.user):
        raise PermissionDenied
    mine = set(TeamMember.objects.filter(user=request.user).values_list("team_id", flat=True))
    return render(
        request,
        "improvement/team_list.html",
        {
            "teams": [(team, team.pk in mine) for team in teams],
            "may_create": team_access.may_create_team(request.user),
        },
    )


def _team_after(team) -> dict:
    return {
        **fields_of(team, TEAM_FIELDS),
        "organisations": sorted(team.organisations.values_list("pk", flat=True)),
    }


def team_new(request):
    if not team_access.may_create_team(request.user):
        raise PermissionDenied
    organisations = team_access.creatable_organisations(request.user)
    form = TeamForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            team = form.save(commit=False)
            team.created_by = request.user
            team.save()
            form.save_m2m()
            TeamMember.objects.create(team=team, user=request.user, role=TeamRole.LEADER)
        audit(request, AuditAction.CREATE, team, team, after=_team_after(team))
        messages.success(request, _("The team has been made. You are its leader."))
        return redirect("improvement:team", team.pk)
    return render(request, "improvement/team_form.html", {"form": form, "team": None})


def team_home(request, pk):
    access = team_access.get_team(request.user, pk)
    return page(
        request, "improvement/team_home.html", access, home_context(access.team, today_oslo())
    )


def team_edit(request, pk):
    access = team_access.get_team(request.user, pk, lead=True)
    team = access.team
    organisations = team_access.creatable_organisations(request.user) | team.organisations.all()
    before = _team_after(team)
    form = TeamForm(request.POST or None, instance=team, organisations=organisations.distinct())
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(request, AuditAction.UPDATE, team, team, before=before, after=_team_after(team))
        messages.success(request, _("The team has been saved."))
        return redirect("improvement:team", team.pk)
    return page(request, "improvement/team_form.html", access, {"form": form})


def members(request, pk):
    access = team_access.get_team(request.user, pk)
    team = access.team
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not access.is_leader:
            raise PermissionDenied
        if form.is_valid():
            user, role = form.cleaned_data["username"], form.cleaned_data["role"]
            member, created = TeamMember.objects.update_or_create(
                team=team, user=user, defaults={"role": role}
            )
            audit(
                request,
                AuditAction.CREATE if created else AuditAction.UPDATE,
                member,
                team,
                after={"user": user.pk, "role": role},
            )
            messages.success(request, _("The member has been saved."))
            return redirect("improvement:members", team.pk)
    return page(
        request,
        "improvement/members.html",
        access,
        {
            "form": form,
            "members": team.members.select_related("user"),
            "named_members": team.named_members.all(),
            "named_form": NamedMemberForm(prefix="named"),
        },
    )


@require_POST
def member_remove(request, pk, member_pk):
    access = team_access.get_team(request.user, pk, lead=True)
    member = access.team.members.filter(pk=member_pk).select_related("user").first()
    if member is None:
        raise Http404
    leaders = access.team.members.filter(role=TeamRole.LEADER)
    if member.role == TeamRole.LEADER and leaders.count() == 1:
        messages.error(request, _("A team needs a leader: make someone else leader first."))
        return redirect("improvement:members", access.team.pk)
    audit(
        request,
        AuditAction.DELETE,
        member,
        access.team,
        before={"user": member.user_id, "role": member.role},
    )
    member.delete()
    messages.success(request, _("The member has been removed."))
    return redirect("improvement:members", access.team.pk)


@require_POST
def named_member_add(request, pk):
    """A member without a user account (often the user representative), kept by name."""
    access = team_access.get_team(request.user, pk, lead=True)
    form = NamedMemberForm(request.POST, prefix="named")
    if form.is_valid():
        member = form.save(commit=False)
        member.team = access.team
        member.save()
        audit(
            request,
            AuditAction.CREATE,
            member,
            access.team,
            after={"name": member.name, "role": member.role},
        )
        messages.success(request, _("The member has been saved."))
    else:
        messages.error(request, _("Give the member's name and role."))
    return redirect("improvement:members", access.team.pk)


@require_POST
def named_member_remove(request, pk, member_pk):
    access = team_access.get_team(request.user, pk, lead=True)
    member = access.team.named_members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    audit(
        request,
        AuditAction.DELETE,
        member,
        access.team,
        before={"name": member.name, "role": member.role},
    )
    member.delete()
    messages.success(request, _("The member has been removed."))
    return redirect("improvement:members", access.team.pk)
