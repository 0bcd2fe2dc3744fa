"""A project's print view: goals, phase and every measure's chart, for a gathering."""

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement.home import measure_charts
from pasientforlop.improvement.services import audit
from pasientforlop.improvement.views.common import page
from pasientforlop.lib.dates import today_oslo


def project_print(request, pk):
    project, access = team_access.get_project(request.user, pk)
    audit(request, AuditAction.VIEW, project, access.team, object_type="improvement.print")
    return page(
        request,
        "improvement/project_print.html",
        access,
        {
            "project": project,
            "today": today_oslo(),
            "goals": project.goals.all(),
            "charts": measure_charts(project.measures.all(), today_oslo(), "utskrift"),
            "cycles": project.pdsa_cycles.select_related("change_idea"),
        },
    )
