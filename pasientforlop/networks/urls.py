from django.urls import path

from pasientforlop.networks.views import (
    applications,
    compare,
    followups,
    gatherings,
    networks,
    packages,
    running,
)

app_name = "networks"

N = "nettverk/<int:pk>/"
G = "nettverk/samling/<int:pk>/"

urlpatterns = [
    path("nettverk/", networks.index, name="index"),
    path("nettverk/nytt/", networks.network_new, name="network_new"),
    path("nettverk/nasjonalt/", networks.national, name="national"),
    path("nettverk/folketall/", running.population_import, name="population_import"),
    path(N, networks.network, name="network"),
    path(N + "endre/", networks.network_edit, name="network_edit"),
    path(N + "personer/", networks.people, name="people"),
    path(N + "tidslinje/ny/", networks.milestone_edit, name="milestone_new"),
    path(N + "tidslinje/<int:milestone_pk>/", networks.milestone_edit, name="milestone_edit"),
    path(N + "invitasjon/", applications.invitation_edit, name="invitation_edit"),
    path(N + "soknader/", applications.applications, name="applications"),
    path(N + "oppfolging/", followups.followups, name="followups"),
    path(N + "sammenligning/", compare.comparison, name="comparison"),
    path(N + "sammenligning/ny/", compare.shared_measure_new, name="shared_measure_new"),
    path(
        "nettverk/felles-maling/<int:pk>/bruk/",
        compare.shared_measure_adopt,
        name="shared_measure_adopt",
    ),
    path("nettverk/invitasjon/<int:pk>/", applications.invitation, name="invitation"),
    path("nettverk/soknad/<int:pk>/", applications.application, name="application"),
    path("nettverk/soknad/<int:pk>/vedtak/", applications.decide, name="decide"),
    path(G, gatherings.gathering, name="gathering"),
    path(G + "programpost/", gatherings.programme_item_new, name="programme_item_new"),
    path(G + "oppmote/", gatherings.attendance, name="attendance"),
    path(G + "materiell/", gatherings.material_new, name="material_new"),
    path(G + "oppgaver/", packages.package_tasks, name="package_tasks"),
    path(G + "send-evaluering/", gatherings.survey_send, name="survey_send"),
    path(G + "evaluering/", gatherings.survey, name="survey"),
    path(G + "lysbilder.pptx", running.gathering_deck, name="gathering_deck"),
    path("nettverk/materiell/<int:pk>/", gatherings.material_download, name="material_download"),
    path("nettverk/programpost/<int:pk>/", running.programme_item_edit, name="item_edit"),
    path("nettverk/programpost/<int:pk>/fjern/", running.programme_item_delete, name="item_delete"),
    path("nettverk/programpost/<int:pk>/flytt/", running.programme_item_move, name="item_move"),
    path("nettverk/materiell/<int:pk>/endre/", running.material_edit, name="material_edit"),
    path("nettverk/materiell/<int:pk>/fjern/", running.material_delete, name="material_delete"),
    path("nettverk/oppfolging/<int:pk>/", running.followup_edit, name="followup_edit"),
    path("nettverk/oppfolging/<int:pk>/fjern/", running.followup_delete, name="followup_delete"),
    path("nettverk/deltaker/<int:pk>/pakke/<int:milestone_pk>/", packages.package, name="package"),
]
