"""The improvement models' default phases and checklists (pure data, no Django).

A project copies its model's phases and checklist items when it is created, so each team can
edit its own. FHI's model for quality improvement has five phases, KS's roadmap for service
innovation six; a team's own model starts with one phase the team renames and extends.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PhaseTemplate:
    name: str
    description: str
    checklist: tuple[str, ...]


FHI_PHASES: tuple[PhaseTemplate, ...] = (
    PhaseTemplate(
        "Forberede",
        "Forankre arbeidet, sette sammen teamet og kartlegge dagens tjeneste.",
        (
            "Arbeidet er forankret hos ledelsen",
            "Forbedringsteamet er satt sammen, med brukerrepresentant",
            "Dagens tjeneste og pasientforløp er kartlagt",
            "Minst to brukere er intervjuet om sine erfaringer",
        ),
    ),
    PhaseTemplate(
        "Planlegge",
        "Sette mål, velge målinger og finne endringer å teste.",
        (
            "SMARTE mål er skrevet",
            "Resultat-, prosess- og balansemål er valgt",
            "Utgangsnivået er målt",
            "Endringsideer er valgt",
        ),
    ),
    PhaseTemplate(
        "Utføre",
        "Teste endringer i små PDSA-sykluser.",
        (
            "Første PDSA-syklus er planlagt",
            "Endringene testes i liten skala",
            "Data registreres fortløpende",
        ),
    ),
    PhaseTemplate(
        "Evaluere",
        "Måle og vurdere om endringene gir forbedring.",
        (
            "Seriediagram eller kontrolldiagram er vurdert",
            "Resultatene er drøftet i teamet",
            "Det er besluttet hva som skal innføres",
        ),
    ),
    PhaseTemplate(
        "Følge opp",
        "Gjøre endringene til daglig praksis og spre dem.",
        (
            "Nye rutiner er beskrevet og tatt i bruk",
            "Det er avtalt hvordan målingene følges videre",
            "Erfaringene er delt med andre enheter",
        ),
    ),
)

KS_PHASES: tuple[PhaseTemplate, ...] = (
    PhaseTemplate(
        "Forankring",
        "Definere utfordringsbildet og sikre felles forståelse av problem og mål.",
        (
            "Utfordringsbildet er beskrevet",
            "Mål og mandat er forankret i ledelsen",
            "Prosjektorganisering og ressurser er avklart",
        ),
    ),
    PhaseTemplate(
        "Innsikt",
        "Avdekke reelle behov og årsaker før dere velger løsning.",
        (
            "Brukere og ansatte er intervjuet eller observert",
            "Behov og årsaker er oppsummert",
        ),
    ),
    PhaseTemplate(
        "Tjenesteutvikling",
        "Omsette innsikt til ideer og videre til et tjenestetilbud klart for pilotering.",
        (
            "Ideer er utviklet sammen med brukere og ansatte",
            "Løsningen er beskrevet og klar for pilotering",
        ),
    ),
    PhaseTemplate(
        "Pilotering",
        "Prøve ut tjenesten i liten skala over tid for å avdekke feil og mangler.",
        (
            "Piloten er planlagt med målinger",
            "Erfaringer og målinger fra piloten er vurdert",
        ),
    ),
    PhaseTemplate(
        "Overgang til drift",
        "Integrere den nye tjenesten i drift: implementering og eventuelle anskaffelser.",
        (
            "Plan for implementering er laget",
            "Opplæring og rutiner er på plass",
        ),
    ),
    PhaseTemplate(
        "Ny praksis",
        "Sikre at de ønskede gevinstene oppnås for brukere, pårørende og kommunen.",
        (
            "Gevinstene måles og følges opp",
            "Resultatene er formidlet",
        ),
    ),
)

OWN_PHASES: tuple[PhaseTemplate, ...] = (
    PhaseTemplate("Fase 1", "Teamets egen fase: gi den navn og sjekkliste.", ()),
)

PHASES = {"fhi": FHI_PHASES, "ks": KS_PHASES, "own": OWN_PHASES}
