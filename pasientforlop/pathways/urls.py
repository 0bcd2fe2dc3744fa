from django.urls import path

from pasientforlop.pathways.views import (
    hospital,
    pathways,
    patient_details,
    patients,
    procedures,
    steps,
    worklist,
)
from pasientforlop.pathways.views import imports as import_views
from pasientforlop.pathways.views import inbox as inbox_views
from pasientforlop.pathways.views import indicators as indicator_views

app_name = "pathways"

urlpatterns = [
    path("arbeidsliste/", worklist.worklist, name="worklist"),
    path("innkommende/", inbox_views.inbox, name="inbox"),
    path("innkommende/<int:pk>/tildel/", inbox_views.assign, name="inbox_assign"),
    path("brukere/", patients.patient_list, name="patients"),
    path("brukere/ny/<int:municipality_pk>/", patients.patient_new, name="patient_new"),
    path("brukere/<int:pk>/", patients.patient_detail, name="patient"),
    path("brukere/<int:pk>/endre/", patient_details.patient_edit, name="patient_edit"),
    path(
        "brukere/<int:pk>/fodselsnummer/",
        patient_details.reveal_national_id,
        name="patient_national_id",
    ),
    path("brukere/<int:patient_pk>/nytt-forlop/", pathways.pathway_new, name="pathway_new"),
    path("forlop/<int:pk>/", pathways.timeline, name="timeline"),
    path("forlop/<int:pk>/detaljer/", pathways.pathway_details, name="pathway_details"),
    path("forlop/<int:pk>/opphold/", pathways.stay_new, name="stay_new"),
    path("forlop/<int:pk>/avslutt/", pathways.pathway_close, name="pathway_close"),
    path("forlop/<int:pk>/steg/<str:step>/", steps.step_record, name="step"),
    path("sykehus/", hospital.hospital_list, name="hospital"),
    path("import/", import_views.import_page, name="import"),
    path("indikatorer/", indicator_views.indicator_page, name="indicators"),
    path(
        "indikatorer/last-ned/<str:fmt>/",
        indicator_views.indicator_download,
        name="indicator_download",
    ),
    path("prosedyrer/<int:municipality_pk>/", procedures.procedure_list, name="procedures"),
    path(
        "prosedyrer/<int:municipality_pk>/<str:step>/",
        procedures.procedure_edit,
        name="procedure_edit",
    ),
]
