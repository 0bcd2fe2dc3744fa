from django.urls import path

from pasientforlop.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("bruker/", views.patient_trail_search, name="patient_trail_search"),
    path("bruker/<int:patient_pk>/", views.patient_trail, name="patient_trail"),
    path("bruker/<int:patient_pk>/csv/", views.patient_trail_csv, name="patient_trail_csv"),
]
