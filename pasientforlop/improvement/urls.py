from django.urls import path

from pasientforlop.improvement.views import (
    communication,
    imports,
    measures,
    printing,
    projects,
    storyboard,
    teams,
)

app_name = "improvement"

T = "forbedring/team/<int:pk>/"
P = "forbedring/prosjekt/<int:pk>/"
M = "forbedring/maling/<int:pk>/"

urlpatterns = [
    path("forbedring/", teams.team_list, name="teams"),
    path("forbedring/nytt-team/", teams.team_new, name="team_new"),
    path(T, teams.team_home, name="team"),
    path(T + "endre/", teams.team_edit, name="team_edit"),
    path(T + "medlemmer/", teams.members, name="members"),
    path(T + "medlemmer/<int:member_pk>/fjern/", teams.member_remove, name="member_remove"),
    path(T + "medlemmer/uten-konto/", teams.named_member_add, name="named_member_add"),
    path(
        T + "medlemmer/uten-konto/<int:member_pk>/fjern/",
        teams.named_member_remove,
        name="named_member_remove",
    ),
    path(T + "nytt-prosjekt/", projects.project_new, name="project_new"),
    path(P, projects.project_page, name="project"),
    path(P + "fase/", projects.phase_move, name="phase_move"),
    path(P + "ny-fase/", projects.phase_add, name="phase_add"),
    path(P + "fase/<int:phase_pk>/nytt-punkt/", projects.item_add, name="item_add"),
    path(P + "sjekkliste/<int:item_pk>/", projects.item_toggle, name="item_toggle"),
    path(P + "mal/nytt/", projects.goal_edit, name="goal_new"),
    path(P + "mal/<int:goal_pk>/", projects.goal_edit, name="goal_edit"),
    path(P + "endringsideer/ny/", projects.idea_new, name="idea_new"),
    path(P + "pdsa/ny/", projects.pdsa_edit, name="pdsa_new"),
    path(P + "pdsa/<int:cycle_pk>/", projects.pdsa_edit, name="pdsa_edit"),
    path(P + "ny-maling/", measures.measure_edit, name="measure_new"),
    path(P + "kommunikasjon/", communication.communication, name="communication"),
    path(
        P + "kommunikasjon/<str:kind>/<int:item_pk>/fjern/",
        communication.remove,
        name="communication_remove",
    ),
    path(P + "utskrift/", printing.project_print, name="project_print"),
    path(P + "storyboard/", storyboard.storyboard, name="storyboard"),
    path(P + "storyboard.pdf", storyboard.storyboard_pdf, name="storyboard_pdf"),
    path(P + "storyboard.pptx", storyboard.storyboard_pptx, name="storyboard_pptx"),
    path(M, measures.measure_page, name="measure"),
    path("forbedring/maling/<int:measure_pk>/endre/", measures.measure_edit, name="measure_edit"),
    path(M + "verdi/", measures.value_save, name="value_save"),
    path(M + "merknad/", measures.annotation_add, name="annotation_add"),
    path(
        M + "merknad/<int:annotation_pk>/fjern/",
        measures.annotation_delete,
        name="annotation_delete",
    ),
    path(M + "diagram/", measures.chart_settings, name="chart_settings"),
    path(M + "diagram.<str:fmt>", measures.chart_download, name="chart_download"),
    path(M + "import/", imports.import_page, name="import"),
]
