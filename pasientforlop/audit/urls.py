from django.urls import path

from pasientforlop.audit import access_views, views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("bruker/", views.patient_trail_search, name="patient_trail_search"),
    path("bruker/<int:patient_pk>/", views.patient_trail, name="patient_trail"),
    path("bruker/<int:patient_pk>/csv/", views.patient_trail_csv, name="patient_trail_csv"),
    path("tilgang/<int:patient_pk>/", access_views.access_on_need, name="access_on_need"),
    path("gjennomgang/", access_views.review, name="review"),
    path("gjennomgang/tilgang/<int:pk>/", access_views.review_grant, name="review_grant"),
    path("gjennomgang/varsel/<int:pk>/", access_views.review_alert, name="review_alert"),
    path("ansatt/<int:user_pk>/", access_views.employee_trail, name="employee_trail"),
    path("stikkprove/", access_views.sample, name="sample"),
]
