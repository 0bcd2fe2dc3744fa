from django.urls import path

from pasientforlop.plo import views

app_name = "plo"

urlpatterns = [
    path("e-meldinger/", views.message_list, name="messages"),
    path("e-meldinger/importer/", views.import_page, name="import"),
    path("e-meldinger/<int:pk>/", views.message_detail, name="message"),
    path("e-meldinger/<int:pk>/kvittering.xml", views.apprec_download, name="apprec"),
    path("forlop/<int:pk>/e-meldinger/", views.pathway_messages, name="pathway_messages"),
]
