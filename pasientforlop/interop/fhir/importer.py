"""Import our FHIR bundles into an organisation: all or nothing.

Read in two passes. First every resource is checked — a known R4 resource type, valid against
the ``fhir.resources`` R4B model (R4 and R4B share these resources), the codes we read inside
their R4 value sets, every identifier valid for its system (a D-number under the
fødselsnummer system is refused), every reference resolved inside the bundle — and turned
into plain values; any error stops the import before anything is written. Organisations are
matched to existing ones, never created.
Then one transaction writes users of services, pathways, steps, stays, forms, conversations
and actors, checks every pathway against ``deadlines.validate``, and rolls back on any error.

Derived resources (Observation, Measure, MeasureReport) and definitions (PlanDefinition,
Questionnaire) are checked but not stored: the product computes them again.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from pydantic import ValidationError as PydanticError

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.interop.fhir import systems as s
from pasientforlop.interop.problems import Problem, error
from pasientforlop.lib import access
from pasientforlop.lib.identifiers import (
    NationalIdKind,
    classify_national_id,
    validate_her_id,
    validate_municipality_number,
    validate_organisation_number,
    validate_resh_id,
)
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION, StartTypeChoice
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient, StepRecord
from pasientforlop.pathways.rule_messages import rule_messages
from pasientforlop.whatmatters.models import (
    Activity,
    Actor,
    ActorKind,
    Conversation,
    FormVersion,
    Score,
    WhatMattersForm,
)

STORED = {
    "Patient",
    "Organization",
    "Practitioner",
    "CarePlan",
    "Task",
    "CareTeam",
    "Goal",
    "QuestionnaireResponse",
}
DERIVED = {"PlanDefinition", "Questionnaire", "Observation", "Measure", "MeasureReport"}
MAX_RESOURCES = 20000
STEPS = {str(step) for step in deadlines.CHAIN} | {WHAT_MATTERS_CONVERSATION}


class ImportRefused(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__("import refused")
        self.errors = errors


@dataclass
class Counts:
    patients: int = 0
    pathways: int = 0
    steps: int = 0
    conversations: int = 0
    actors: int = 0
    skipped: dict = field(default_factory=dict)


def _model(resource_type: str):
    from fhir.resources.R4B import get_fhir_model_class

    try:
        return get_fhir_model_class(resource_type)
    except (KeyError, ValueError, LookupError, ImportError):
        return None


def check_resources(resources: list) -> list[dict]:
    """Each resource's type and R4 structure; a list of errors (empty when all are fine)."""
    errors = []
    if len(resources) > MAX_RESOURCES:
        return [
            error([], f"Høyst {MAX_RESOURCES} ressurser.", f"At most {MAX_RESOURCES} resources.")
        ]
    for i, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            errors.append(error([i], "Ikke en FHIR-ressurs.", "Not a FHIR resource."))
            continue
        kind = resource["resourceType"]
        if kind not in STORED | DERIVED:
            errors.append(
                error(
                    [i, "resourceType"],
                    f"Ressurstypen «{kind[:50]}» kan ikke importeres (ukjent i R4 eller ikke i vår mapping).",
                    f"The resource type “{kind[:50]}” cannot be imported (not R4 or not in our mapping).",
                )
            )
            continue
        model = _model(kind)
        try:
            model.model_validate(resource)
        except (PydanticError, ValueError, TypeError) as exc:
            errors.append(
                error(
                    [i, kind],
                    f"Ikke gyldig FHIR R4 {kind}: {str(exc)[:300]}",
                    f"Not valid FHIR R4 {kind}: {str(exc)[:300]}",
                )
            )
            continue
        errors += _check_codes(i, resource)
    if not errors:
        errors += _check_references(resources)
    return errors


#: The R4 value sets (required bindings) of the coded elements we read.
VALUE_SETS = {
    ("CarePlan", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Task", "status"): {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    },
    ("Task", "intent"): {
        "unknown",
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    },
    ("Goal", "lifecycleStatus"): {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    },
    ("QuestionnaireResponse", "status"): {
        "in-progress",
        "completed",
        "amended",
        "entered-in-error",
        "stopped",
    },
}


def _check_codes(i: int, resource: dict) -> list[dict]:
    """Codes outside the R4 value sets, and identifiers that break their system's rules."""
    kind, errors = resource["resourceType"], []
    for (of, name), allowed in VALUE_SETS.items():
        if of == kind and name in resource and resource[name] not in allowed:
            value = str(resource[name])[:40]
            errors.append(
                error(
                    [i, kind, name],
                    f"«{value}» er ikke en gyldig kode for {kind}.{name} i FHIR R4 "
                    f"(tillatt: {', '.join(sorted(allowed))}).",
                    f"“{value}” is not a valid code for {kind}.{name} in FHIR R4 "
                    f"(allowed: {', '.join(sorted(allowed))}).",
                )
            )
    for item in resource.get("identifier") or []:
        problem = identifier_problem(kind, item.get("system"), item.get("value"))
        if problem:
            errors.append(error([i, kind, "identifier"], *problem))
    return errors


_ORG_CHECKS = {
    s.ORGNR: validate_organisation_number,
    s.HER_ID: validate_her_id,
    s.RESH: validate_resh_id,
    s.MUNICIPALITY_NUMBER: validate_municipality_number,
}
_PERSON_KINDS = {
    s.FNR: {NationalIdKind.FNR},
    s.DNR: {NationalIdKind.DNR},
    s.FHNR: {NationalIdKind.FHNR},
    s.H_NUMBER: {NationalIdKind.HNR},
}
_KIND_NAMES = {
    NationalIdKind.FNR: ("et fødselsnummer", "a fødselsnummer"),
    NationalIdKind.DNR: ("et D-nummer", "a D-number"),
    NationalIdKind.HNR: ("et H-nummer", "an H-number"),
    NationalIdKind.FHNR: ("et FH-nummer", "an FH-number"),
}


def _messages(exc: ValidationError) -> tuple[str, str]:
    from django.utils import translation

    with translation.override("nb"):
        nb = " ".join(str(m) for m in ValidationError(exc.error_list).messages)
    with translation.override("en"):
        en = " ".join(str(m) for m in ValidationError(exc.error_list).messages)
    return nb, en


def identifier_problem(kind: str, system, value) -> tuple[str, str] | None:
    """(bokmål, English) when ``value`` breaks the rules of its identifier ``system``."""
    if kind == "Patient" and system in _PERSON_KINDS:
        try:
            found = classify_national_id(str(value or ""))
        except ValidationError as exc:
            return _messages(exc)
        if found.kind not in _PERSON_KINDS[system]:
            nb, en = _KIND_NAMES[found.kind]
            return (
                f"«{found.value}» er {nb} og kan ikke stå under identifikatorsystemet {system}.",
                f"“{found.value}” is {en} and cannot be given under the identifier system "
                f"{system}.",
            )
    if kind in ("Organization", "Practitioner") and system in _ORG_CHECKS:
        if kind == "Practitioner":
            return (
                f"Identifikatorsystemet {system} gjelder virksomheter, ikke helsepersonell.",
                f"The identifier system {system} is for organisations, not practitioners.",
            )
        try:
            _ORG_CHECKS[system](str(value or ""))
        except ValidationError as exc:
            return _messages(exc)
    if kind == "Practitioner" and system == s.HPR:
        number = str(value or "")
        if not number.isdigit() or not 1 <= len(number) <= 9:
            return (
                f"«{number[:20]}» er ikke et HPR-nummer (1 til 9 sifre).",
                f"“{number[:20]}” is not an HPR number (1 to 9 digits).",
            )
    return None


def _references(value, path=()):
    """Every Reference.reference inside ``value``, with where it is."""
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield path, value["reference"]
        for key, item in value.items():
            if key != "reference":
                yield from _references(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _references(item, (*path, n))


def _check_references(resources: list[dict]) -> list[dict]:
    """Every reference must point at a resource in the bundle: the import reads nothing
    from outside it."""
    known = {f"{r['resourceType']}/{r.get('id')}" for r in resources}
    errors = []
    for i, resource in enumerate(resources):
        for path, reference in _references(resource):
            if reference not in known:
                errors.append(
                    error(
                        [i, resource["resourceType"], *path],
                        f"Referansen «{reference[:80]}» peker ikke på noen ressurs i bunten.",
                        f"The reference “{reference[:80]}” points at no resource in the bundle.",
                    )
                )
    return errors[:100]


# --- reading values ---------------------------------------------------------------------------


def _key(reference) -> str | None:
    if isinstance(reference, dict) and isinstance(reference.get("reference"), str):
        return reference["reference"]
    return None


def _ext(resource: dict, url: str, kind: str):
    for item in resource.get("extension") or []:
        if item.get("url") == url:
            return item.get(f"value{kind}")
    return None


def _code(concept, system) -> str | None:
    for coding in (concept or {}).get("coding") or []:
        if coding.get("system") == system:
            return coding.get("code")
    return None


def _identifier(resource, *systems) -> tuple[str | None, str | None]:
    for item in resource.get("identifier") or []:
        if item.get("system") in systems:
            return item["system"], item.get("value")
    return None, None


def _date(value) -> date | None:
    if not isinstance(value, str):
        return None
    return parse_date(value[:10])


@dataclass
class Plan:
    """What the bundle says, keyed by the bundle's own references."""

    patients: dict = field(default_factory=dict)  # "Patient/x" → dict of fields
    organizations: dict = field(default_factory=dict)  # "Organization/x" → resource
    practitioners: dict = field(default_factory=dict)  # "Practitioner/x" → HPR number
    care_plans: list = field(default_factory=list)
    tasks: dict = field(default_factory=dict)  # "CarePlan/x" → [tasks]
    care_teams: list = field(default_factory=list)
    goals: dict = field(default_factory=dict)  # "Patient/x" → [(key, position, text)]
    responses: list = field(default_factory=list)


def read(resources: list[dict]) -> Plan:
    """Sort the resources and check the identifiers (raises ImportRefused)."""
    plan, errors, seen = Plan(), [], set()
    for i, r in enumerate(resources):
        kind, key = r["resourceType"], f"{r['resourceType']}/{r.get('id', i)}"
        if kind == "Patient":
            _system, value = _identifier(r, *s.PERSON_SYSTEMS)
            fields = {"national_id": "", "pseudonym": "", "gp_hpr_number": ""}
            if value is not None:
                fields["national_id"] = classify_national_id(value).value  # checked before
            else:
                _system, fields["pseudonym"] = _identifier(r, s.PSEUDONYM)
                if not fields["pseudonym"]:
                    errors.append(
                        error(
                            [i, "identifier"],
                            "Mangler fødselsnummer, D-nummer, H-nummer, FH-nummer eller pseudonym.",
                            "No fødselsnummer, D-number, H-number, FH-number or pseudonym.",
                        )
                    )
            gp = ((r.get("generalPractitioner") or [{}])[0]).get("identifier") or {}
            if gp.get("system") == s.HPR:
                fields["gp_hpr_number"] = gp.get("value") or ""
            name = (r.get("name") or [{}])[0]
            fields["first_name"] = " ".join(name.get("given") or [])
            fields["last_name"] = name.get("family") or ""
            fields["phone"] = next(
                (
                    t.get("value") or ""
                    for t in r.get("telecom") or []
                    if t.get("system") == "phone"
                ),
                "",
            )
            fields["address"] = ((r.get("address") or [{}])[0]).get("text") or ""
            fields["next_of_kin"] = (((r.get("contact") or [{}])[0]).get("name") or {}).get(
                "text"
            ) or ""
            fields["gp_name"] = ((r.get("generalPractitioner") or [{}])[0]).get("display") or ""
            ident = fields["national_id"] or fields["pseudonym"]
            if ident and ident in seen:
                errors.append(
                    error(
                        [i, "identifier"],
                        "Samme bruker to ganger i bunten.",
                        "The same user twice in the bundle.",
                    )
                )
            seen.add(ident)
            plan.patients[key] = fields
        elif kind == "Organization":
            plan.organizations[key] = r
        elif kind == "Practitioner":
            plan.practitioners[key] = _identifier(r, s.HPR)[1]
        elif kind == "CarePlan":
            plan.care_plans.append(r)
        elif kind == "Task":
            for based in r.get("basedOn") or []:
                plan.tasks.setdefault(_key(based), []).append(r)
        elif kind == "CareTeam":
            plan.care_teams.append(r)
        elif kind == "Goal":
            plan.goals.setdefault(_key(r.get("subject")), []).append(
                (
                    key,
                    _ext(r, s.EXT_POSITION, "Integer") or 0,
                    (r.get("description") or {}).get("text") or "",
                )
            )
        elif kind == "QuestionnaireResponse":
            plan.responses.append(r)
    if errors:
        raise ImportRefused(errors)
    return plan


# --- writing -------------------------------------------------------------------------------------


def save(instance, loc: str):
    """Check the instance's fields (lengths, ranges, required values), then save it."""
    exclude = [f.name for f in instance._meta.fields if f.is_relation]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        raise ImportRefused(
            [
                error([loc, name], "; ".join(messages), "; ".join(messages))
                for name, messages in exc.message_dict.items()
            ]
        ) from None
    instance.save()
    return instance


class Writer:
    def __init__(self, municipality: Organisation, user, plan: Plan):
        self.municipality = municipality
        self.user = user
        self.plan = plan
        self.counts = Counts()
        self.patients: dict[str, Patient] = {}
        self.errors: list[dict] = []
        staff = User.objects.filter(
            memberships__organisation_id__in=access.descendant_ids([municipality.pk])
        ).exclude(hpr_number="")
        self.staff = {u.hpr_number: u for u in staff}

    def person(self, reference) -> User | None:
        hpr = self.plan.practitioners.get(_key(reference))
        return self.staff.get(hpr) if hpr else None

    def _organisation(self, reference, candidates, what: tuple[str, str]) -> Organisation | None:
        """The existing organisation the bundle's Organization stands for, matched by
        organisation number, HER-id, RESH-id, then name. Organisations are never created by an
        import: an unknown one refuses the bundle."""
        found = self.plan.organizations.get(_key(reference))
        if found is None:
            return None
        fields = {s.ORGNR: "organisation_number", s.HER_ID: "her_id", s.RESH: "resh_id"}
        for item in found.get("identifier") or []:
            name, value = fields.get(item.get("system")), item.get("value")
            if name and value:
                found_by = Q(**{name: value})
                if name == "organisation_number":  # kept in ``number`` before it had a field
                    found_by |= Q(number=value)
                match = candidates.filter(found_by).first()
                if match is not None:
                    return match
        match = candidates.filter(name=found.get("name") or "").first()
        if match is None:
            label = str(found.get("name") or _key(reference))[:80]
            self.errors.append(
                error(
                    [_key(reference)],
                    f"Fant ikke {what[0]} «{label}». Opprett den først: importen oppretter "
                    "ingen virksomheter.",
                    f"No {what[1]} “{label}” was found. Create it first: the import creates no "
                    "organisations.",
                )
            )
        return match

    def unit(self, reference) -> Organisation | None:
        units = Organisation.objects.filter(kind=OrganisationKind.UNIT, parent=self.municipality)
        return self._organisation(reference, units, ("enheten", "unit"))

    def hospital(self, reference) -> Organisation | None:
        hospitals = Organisation.objects.filter(kind=OrganisationKind.HOSPITAL)
        return self._organisation(reference, hospitals, ("sykehuset", "hospital"))

    def write(self) -> Counts:
        for key, fields in self.plan.patients.items():
            taken = Patient.objects.filter(municipality=self.municipality)
            if (
                fields["national_id"] and taken.filter(national_id=fields["national_id"]).exists()
            ) or (fields["pseudonym"] and taken.filter(pseudonym=fields["pseudonym"]).exists()):
                raise Problem(
                    "conflict",
                    f"{key} er allerede registrert i kommunen. Ingenting ble importert.",
                    f"{key} is already registered in the municipality. Nothing was imported.",
                )
            self.patients[key] = save(
                Patient(municipality=self.municipality, created_by=self.user, **fields), key
            )
            self.counts.patients += 1
        for care_plan in self.plan.care_plans:
            self.care_plan(care_plan)
        for team in self.plan.care_teams:
            self.care_team(team)
        self.what_matters()
        if self.errors:
            raise ImportRefused(self.errors)
        return self.counts

    def _patient(self, reference) -> Patient:
        patient = self.patients.get(_key(reference))
        if patient is None:
            raise ImportRefused(
                [
                    error(
                        [_key(reference) or ""],
                        "Viser til en bruker som ikke er i bunten.",
                        "Refers to a user who is not in the bundle.",
                    )
                ]
            )
        return patient

    def care_plan(self, r: dict) -> None:
        patient = self._patient(r.get("subject"))
        start_type = _code((r.get("category") or [{}])[0], s.START_TYPE)
        start = _date((r.get("period") or {}).get("start"))
        if start_type not in StartTypeChoice.values or start is None:
            raise ImportRefused(
                [
                    error(
                        [f"CarePlan/{r.get('id')}"],
                        "Mangler starttype eller startdato.",
                        "No start type or start date.",
                    )
                ]
            )
        hospital = None
        for contributor in r.get("contributor") or []:
            hospital = hospital or self.hospital(contributor)
        unit = self.unit(r.get("author"))
        if unit is None:
            raise ImportRefused(
                self.errors
                or [
                    error(
                        [f"CarePlan/{r.get('id')}", "author"],
                        "Forløpet mangler enheten som eier det (author).",
                        "The pathway has no unit that owns it (author).",
                    )
                ]
            )
        _system, external_ref = _identifier(r, s.PATHWAY_REF)
        if (
            external_ref
            and Pathway.objects.filter(
                municipality=self.municipality, external_ref=external_ref
            ).exists()
        ):
            raise Problem(
                "conflict",
                f"Forløpet «{external_ref[:64]}» finnes allerede i kommunen. Ingenting ble importert.",
                f"The pathway “{external_ref[:64]}” already exists in the municipality. Nothing was imported.",
            )
        loc = f"CarePlan/{r.get('id')}"
        pathway = save(
            Pathway(
                patient=patient,
                municipality=self.municipality,
                unit=unit,
                hospital=hospital,
                start_type=start_type,
                start_date=start,
                primary_contact=self.person(_ext(r, s.EXT_PRIMARY_CONTACT, "Reference")),
                external_ref=external_ref or "",
                readmission_on=_date(_ext(r, s.EXT_READMISSION, "Date")),
                deterioration_plan="\n".join(n.get("text") or "" for n in r.get("note") or []),
                closed_on=_date((r.get("period") or {}).get("end"))
                if r.get("status") == "completed"
                else None,
                closed_reason=_ext(r, s.EXT_CLOSED_REASON, "String") or "",
                created_by=self.user,
            ),
            loc,
        )
        self.counts.pathways += 1
        for item in r.get("extension") or []:
            if item.get("url") == s.EXT_STAY:
                parts = {p.get("url"): p for p in item.get("extension") or []}
                save(
                    IntermediateStay(
                        pathway=pathway,
                        start=_date(parts.get("start", {}).get("valueDate")),
                        end=_date(parts.get("end", {}).get("valueDate")),
                        unit_name=parts.get("unit", {}).get("valueString") or "",
                    ),
                    loc,
                )
        for t in self.plan.tasks.get(f"CarePlan/{r.get('id')}", []):
            self.task(pathway, t)
        pathway = Pathway.objects.prefetch_related("records", "stays").get(pk=pathway.pk)
        for problem in rule_messages(deadlines.validate(pathway.facts())):
            self.errors.append(
                error([f"CarePlan/{r.get('id')}"], problem, "The pathway breaks a pathway rule.")
            )

    def task(self, pathway: Pathway, t: dict) -> None:
        step = _code(t.get("code"), s.STEP)
        if step not in STEPS:
            self.errors.append(
                error(
                    [f"Task/{t.get('id')}"],
                    f"Ukjent steg «{str(step)[:40]}».",
                    f"Unknown step “{str(step)[:40]}”.",
                )
            )
            return
        owner = t.get("owner") or {}
        fields = {"done_by": self.person(owner), "done_by_name": owner.get("display") or ""}
        note = "\n".join(n.get("text") or "" for n in t.get("note") or [])
        if t.get("status") == "cancelled":
            fields |= {
                "not_applicable": True,
                "reason": (t.get("statusReason") or {}).get("text") or "",
            }
        elif t.get("status") == "completed":
            done = (t.get("executionPeriod") or {}).get("start") or ""
            if step == deadlines.Step.DISCHARGE_READY and "T" in done:
                fields["done_at"] = parse_datetime(done)
            else:
                fields["done_on"] = _date(done)
            if fields.get("done_at") is None and fields.get("done_on") is None:
                self.errors.append(
                    error(
                        [f"Task/{t.get('id')}"],
                        "Utført steg mangler dato.",
                        "A completed step has no date.",
                    )
                )
                return
        else:
            return  # pending: nothing was recorded
        save(StepRecord(pathway=pathway, step=step, note=note, **fields), f"Task/{t.get('id')}")
        self.counts.steps += 1

    def care_team(self, r: dict) -> None:
        patient = self._patient(r.get("subject"))
        for participant in r.get("participant") or []:
            kind = _code((participant.get("role") or [{}])[0], s.ACTOR_KIND)
            if kind is None:
                continue  # primary contacts come with the pathway
            if kind not in ActorKind.values:
                kind = ActorKind.OTHER
            save(
                Actor(
                    patient=patient,
                    kind=kind,
                    name=(participant.get("member") or {}).get("display") or "–",
                    relation=_ext(participant, s.EXT_RELATION, "String") or "",
                    importance=min(
                        5, max(1, int(_ext(participant, s.EXT_IMPORTANCE, "Integer") or 1))
                    ),
                    influence=min(
                        5, max(1, int(_ext(participant, s.EXT_INFLUENCE, "Integer") or 1))
                    ),
                    note=_ext(participant, s.EXT_NOTE, "String") or "",
                    created_by=self.user,
                ),
                f"CareTeam/{r.get('id')}",
            )
            self.counts.actors += 1

    def what_matters(self) -> None:
        responses: dict[str, list] = {}
        for r in self.plan.responses:
            responses.setdefault(_key(r.get("subject")), []).append(r)
        for key in sorted(set(self.plan.goals) | set(responses), key=str):
            patient = self._patient({"reference": key})
            found = responses.get(key, [])
            version_key = (
                (found[0].get("questionnaire") or "").removeprefix(s.QUESTIONNAIRE)
                if found
                else None
            )
            version = (
                FormVersion.objects.filter(key=version_key).first()
                if version_key
                else FormVersion.default()
            )
            if version is None:
                self.errors.append(
                    error(
                        [key],
                        f"Ukjent skjemaversjon «{version_key[:40]}».",
                        f"Unknown form version “{version_key[:40]}”.",
                    )
                )
                continue
            form = WhatMattersForm.objects.create(
                patient=patient, form_version=version, created_by=self.user, updated_by=self.user
            )
            activities = {}
            for position, (goal_key, _pos, text) in enumerate(
                sorted(self.plan.goals.get(key, []), key=lambda g: (g[1], g[0])), start=1
            ):
                activities[goal_key] = save(
                    Activity(form=form, position=position, text=text), goal_key
                )
            for r in sorted(found, key=lambda r: (r.get("authored") or "", r.get("id") or "")):
                self.conversation(form, r, activities)
            rule = (
                WhatMattersForm.objects.prefetch_related("activities", "conversations__scores")
                .select_related("form_version")
                .get(pk=form.pk)
                .as_rule()
            )
            from pasientforlop.whatmatters.scoring import validate_form

            for problem in validate_form(rule):
                self.errors.append(error([key], problem, "The form breaks a scoring rule."))

    def conversation(self, form, r: dict, activities: dict) -> None:
        held_on = _date(r.get("authored"))
        if held_on is None:
            self.errors.append(
                error([f"QuestionnaireResponse/{r.get('id')}"], "Mangler dato.", "No date.")
            )
            return
        author = r.get("author") or {}
        signer = self.person(author)
        loc = f"QuestionnaireResponse/{r.get('id')}"
        conversation = save(
            Conversation(
                form=form,
                held_on=held_on,
                signed_by=signer,
                signed_by_name=author.get("display") or (signer.display_name() if signer else "–"),
                with_user_present=_ext(r, s.EXT_USER_PRESENT, "Boolean") is not False,
                note=_ext(r, s.EXT_NOTE, "String") or "",
            ),
            loc,
        )
        for item in r.get("item") or []:
            activity = activities.get(_key(_ext(item, s.EXT_GOAL, "Reference")))
            answers = {
                i.get("linkId"): (i.get("answer") or [{}])[0] for i in item.get("item") or []
            }
            score = answers.get("activity.score", {}).get("valueInteger")
            if activity is None or not isinstance(score, int):
                self.errors.append(
                    error(
                        [f"QuestionnaireResponse/{r.get('id')}"],
                        "Svar uten aktivitet eller skår.",
                        "An answer without activity or score.",
                    )
                )
                continue
            save(Score(conversation=conversation, activity=activity, value=score), loc)
        self.counts.conversations += 1


def import_resources(resources: list, municipality: Organisation, user) -> Counts:
    """Check, then write in one transaction (raises ImportRefused or Problem)."""
    errors = check_resources(resources)
    if errors:
        raise ImportRefused(errors)
    plan = read(resources)
    try:
        with transaction.atomic():
            counts = Writer(municipality, user, plan).write()
    except IntegrityError:  # the same thing twice in one bundle, e.g. two Tasks for one step
        raise ImportRefused(
            [
                error(
                    [],
                    "Bundelen inneholder det samme to ganger (for eksempel to Task for samme "
                    "steg). Ingenting ble lagret.",
                    "The bundle holds the same thing twice (for example two Tasks for one "
                    "step). Nothing was saved.",
                )
            ]
        ) from None
    return counts


BUNDLE_TYPES = {"collection", "transaction", "batch"}


def _rewrite(value, names: dict):
    if isinstance(value, dict):
        return {
            k: (names.get(v, v) if k == "reference" and isinstance(v, str) else _rewrite(v, names))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(v, names) for v in value]
    return value


def resources_of(document) -> list:
    """The resources of a Bundle (or a single resource).

    A collection or a transaction (or batch) Bundle with POST or PUT entries, as EHRs send
    them. Entries are known by their ``fullUrl`` (``urn:uuid:…``, ``urn:oid:…`` or an
    absolute URL): references to a fullUrl are rewritten to ``Type/id``, and a resource
    without an id gets one from its fullUrl."""
    if not isinstance(document, dict):
        raise ImportRefused(
            [error([], "Innholdet er ikke et JSON-objekt.", "The body is not a JSON object.")]
        )
    if document.get("resourceType") != "Bundle":
        return [document]
    kind = document.get("type")
    if kind not in BUNDLE_TYPES:
        raise ImportRefused(
            [
                error(
                    ["type"],
                    f"Bunten må være av typen collection, transaction eller batch, ikke "
                    f"«{str(kind)[:30]}».",
                    f"The Bundle must be of type collection, transaction or batch, not "
                    f"“{str(kind)[:30]}”.",
                )
            ]
        )
    entries = document.get("entry") or []
    if not isinstance(entries, list):
        raise ImportRefused([error(["entry"], "entry må være en liste.", "entry must be a list.")])
    resources, names, errors = [], {}, []
    for n, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if kind != "collection" and isinstance(entry, dict):
            method = (entry.get("request") or {}).get("method")
            if method not in ("POST", "PUT"):
                errors.append(
                    error(
                        ["entry", n, "request", "method"],
                        "Bare POST og PUT kan importeres.",
                        "Only POST and PUT can be imported.",
                    )
                )
        full_url = entry.get("fullUrl") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and isinstance(full_url, str) and full_url:
            if not resource.get("id"):
                resource = {**resource, "id": f"e{n}"}
            if isinstance(resource.get("resourceType"), str):
                local = f"{resource['resourceType']}/{resource['id']}"
                if full_url in names and names[full_url] != local:
                    errors.append(
                        error(
                            ["entry", n, "fullUrl"],
                            "To oppføringer har samme fullUrl.",
                            "Two entries have the same fullUrl.",
                        )
                    )
                names[full_url] = local
        resources.append(resource)
    if errors:
        raise ImportRefused(errors[:100])
    return [_rewrite(r, names) if isinstance(r, dict) else r for r in resources]
