from django.urls import path

from pasientforlop.networks.views import (
    applications,
    followups,
    gatherings,
    networks,
    packages,
)

app_name = "networks"

N = "nettverk/<int:pk>/"
G = "nettverk/samling/<int:pk>/"

urlpatterns = [
    path("nettverk/", networks.index, name="index"),
    path("nettverk/nytt/", networks.network_new, name="network_new"),
    path("nettverk/nasjonalt/", networks.national, name="national"),
    path(N, networks.network, name="network"),
    path(N + "endre/", networks.network_edit, name="network_edit"),
    path(N + "personer/", networks.people, name="people"),
    path(N + "tidslinje/ny/", networks.milestone_edit, name="milestone_new"),
    path(N + "tidslinje/<int:milestone_pk>/", networks.milestone_edit, name="milestone_edit"),
    path(N + "invitasjon/", applications.invitation_edit, name="invitation_edit"),
    path(N + "soknader/", applications.applications, name="applications"),
    path(N + "oppfolging/", followups.followups, name="followups"),
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
    path("nettverk/materiell/<int:pk>/", gatherings.material_download, name="material_download"),
    path("nettverk/deltaker/<int:pk>/pakke/<int:milestone_pk>/", packages.package, name="package"),
]
