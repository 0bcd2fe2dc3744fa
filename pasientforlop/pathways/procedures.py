"""Step procedures and checklists: the default set, and each municipality's current version.

The defaults are content a municipality edits, written in Norwegian like the procedures
themselves. A municipality that has not edited a step gets version 1 made from the default
the first time the step is used, so a completed step always points at a stored version.
"""

from django.db import IntegrityError, transaction

from pasientforlop.pathways.deadlines import Step
from pasientforlop.pathways.models import StepTemplate

DEFAULT_PROCEDURES: dict[str, tuple[str, list[str]]] = {
    Step.ADMISSION: ("Registrer datoen brukeren ble lagt inn på sykehus.", []),
    Step.DISCHARGE_READY: (
        "Sykehuset melder brukeren utskrivningsklar (dato og klokkeslett).",
        ["Kommunen er varslet", "Forventet hjemreisedato avklart"],
    ),
    Step.INFORMATION_EXCHANGE: (
        "Sykehus og kommune utveksler informasjon før brukeren reiser hjem: møte, telefon, "
        "video eller e-melding.",
        [
            "Medisinliste oppdatert",
            "Funksjonsnivå beskrevet",
            "Hjelpemidler avklart",
            "Brukerens ønsker og mål formidlet",
        ],
    ),
    Step.HOME_SERVICES_START: (
        "Hjemmetjenestene er i gang hjemme hos brukeren.",
        ["Første besøk gjennomført", "Legemidler på plass", "Nødvendige hjelpemidler på plass"],
    ),
    Step.PRIMARY_CONTACT: (
        "Oppnevn en primærkontakt senest dag 3 og gi brukeren navn og telefonnummer.",
        ["Brukeren og pårørende har fått navn og telefonnummer"],
    ),
    Step.NEEDS_MAPPING: (
        "Kartlegg behov senest dag 3, med den første «Hva er viktig for deg?»-samtalen.",
        [
            "Ernæring",
            "Legemidler",
            "Fall",
            "Kognisjon",
            "Smerte",
            "Hud",
            "Kontinens",
            "Hva er viktig for deg?",
        ],
    ),
    Step.GP_VISIT: (
        "Brukeren besøker eller får besøk av fastlegen senest dag 14.",
        ["Legemiddelgjennomgang", "Forverringsplan"],
    ),
    Step.EVALUATION: (
        "Primærkontakten evaluerer og justerer planen sammen med brukeren senest dag 28.",
        ["Planen er justert", "Brukerens vurdering er innhentet"],
    ),
    Step.ANNUAL_REVIEW: (
        "Årlig gjennomgang etter samme rammeverk, 12 måneder etter oppstart.",
        ["Kartlegging oppdatert", "Planen er justert", "Hva er viktig for deg?"],
    ),
}


def current_template(municipality, step: str) -> StepTemplate:
    """The newest version of the municipality's procedure for ``step`` (made from the
    default the first time)."""
    template = (
        StepTemplate.objects.filter(municipality=municipality, step=step)
        .order_by("-version")
        .first()
    )
    if template is not None:
        return template
    guidance, items = DEFAULT_PROCEDURES.get(step, ("", []))
    try:
        with transaction.atomic():
            return StepTemplate.objects.create(
                municipality=municipality, step=step, version=1, guidance=guidance, items=items
            )
    except IntegrityError:  # made by someone else at the same moment
        return StepTemplate.objects.get(municipality=municipality, step=step, version=1)


def new_version(municipality, step: str, guidance: str, items: list[str], user) -> StepTemplate:
    """Store an edited procedure as the next version; earlier versions stay as they were."""
    for _attempt in range(3):
        latest = current_template(municipality, step)
        try:
            with transaction.atomic():
                return StepTemplate.objects.create(
                    municipality=municipality,
                    step=step,
                    version=latest.version + 1,
                    guidance=guidance,
                    items=items,
                    created_by=user,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not store a new procedure version")
