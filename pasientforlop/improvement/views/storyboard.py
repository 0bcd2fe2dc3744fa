"""A project's storyboard: print view, PDF (one A4 landscape page) and PowerPoint slides."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement import storyboard as boards
from pasientforlop.improvement.services import audit
from pasientforlop.lib.dates import today_oslo

PPTX = boards.PPTX


def _board(request, pk):
    project, access = team_access.get_project(request.user, pk)
    return boards.with_images(boards.build(project, today_oslo())), access


def storyboard(request, pk):
    board, access = _board(request, pk)
    audit(
        request, AuditAction.VIEW, board.project, access.team, object_type="improvement.storyboard"
    )
    return render(
        request,
        "improvement/storyboard.html",
        {"board": board, "team": access.team, "print_view": True},
    )


def storyboard_pdf(request, pk):
    board, access = _board(request, pk)
    html = render_to_string("improvement/storyboard.html", {"board": board}, request=request)
    body = boards.pdf(html, finders.find("improvement/storyboard.css"))
    audit(request, AuditAction.EXPORT, board.project, access.team, after={"format": "pdf"})
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="storyboard-{board.project.pk}.pdf"'
    return response


def storyboard_pptx(request, pk):
    board, access = _board(request, pk)
    body = boards.project_pptx(board)
    audit(request, AuditAction.EXPORT, board.project, access.team, after={"format": "pptx"})
    response = HttpResponse(body, content_type=PPTX)
    response["Content-Disposition"] = f'attachment; filename="storyboard-{board.project.pk}.pptx"'
    return response
