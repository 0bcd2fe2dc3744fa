from django.urls import path

from pasientforlop.whatmatters.views import actors, checklist, form, plan, wheel

app_name = "whatmatters"

P = "brukere/<int:patient_pk>/"

urlpatterns = [
    path(P + "samtalehjul/", wheel.wheel, name="wheel"),
    path(P + "hva-er-viktig/", form.form_page, name="form"),
    path(P + "hva-er-viktig/aktiviteter/", form.activities, name="activities"),
    path(P + "hva-er-viktig/ny-samtale/", form.conversation_new, name="conversation_new"),
    path(P + "tiltaksplan/", plan.plan_page, name="plan"),
    path(P + "tiltaksplan/plan/", plan.plan_details, name="plan_details"),
    path(P + "tiltaksplan/nytt-tiltak/", plan.action_edit, name="action_new"),
    path(P + "tiltaksplan/tiltak/<int:action_pk>/", plan.action_edit, name="action_edit"),
    path(P + "tiltaksplan/kommentar/", plan.comment_new, name="comment_new"),
    path(P + "tiltaksplan/utskrift/", plan.plan_print, name="plan_print"),
    path(P + "tiltaksplan.pdf", plan.plan_pdf, name="plan_pdf"),
    path(P + "sjekkliste/", checklist.checklist, name="checklist"),
    path(P + "aktorkart/", actors.actors, name="actors"),
    path(P + "aktorkart/<int:actor_pk>/", actors.actors, name="actor_edit"),
    path(P + "aktorkart/<int:actor_pk>/slett/", actors.actor_delete, name="actor_delete"),
]
