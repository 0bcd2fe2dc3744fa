"""Our models as FHIR R4 resources (plain dicts; ``docs/fhir.md`` has the mapping table).

Every builder is deterministic: ids come from primary keys, lists are ordered by natural
keys, and ``today`` is an argument, so an export can be compared with a later one.
"""

from datetime import date
from fractions import Fraction

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.interop.fhir import systems as s
from pasientforlop.lib.identifiers import NationalIdKind, national_id_kind
from pasientforlop.pathways import deadlines, indicator_data, indicators
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION, StartTypeChoice
from pasientforlop.pathways.models import Pathway, Patient
from pasientforlop.whatmatters.models import Actor, ActorKind, FormVersion, WhatMattersForm
from pasientforlop.whatmatters.scoring import mean

STEP_LABELS = {
    **deadlines.STEP_LABELS,
    WHAT_MATTERS_CONVERSATION: "«Hva er viktig for deg?»-samtale",
}
TASK_STATUS = {
    deadlines.Status.PENDING: "requested",
    deadlines.Status.OVERDUE: "requested",
    deadlines.Status.DONE: "completed",
    deadlines.Status.DONE_LATE: "completed",
    deadlines.Status.NOT_APPLICABLE: "cancelled",
}
STATUS_LABELS = {
    deadlines.Status.PENDING: "Venter",
    deadlines.Status.DONE: "Utført",
    deadlines.Status.DONE_LATE: "Utført etter fristen",
    deadlines.Status.OVERDUE: "Over fristen",
    deadlines.Status.NOT_APPLICABLE: "Ikke aktuelt",
}


def ref(kind: str, key) -> dict:
    return {"reference": f"{kind}/{key}"}


def fid(*parts) -> str:
    return "-".join(str(p).replace("_", "-") for p in parts)


def org_id(org) -> str:
    return fid("org", org.pk)


def _coding(system, code, display=None) -> dict:
    found = {"system": system, "code": str(code)}
    if display:
        found["display"] = str(display)
    return {"coding": [found]}


def _ext(url, kind, value) -> dict:
    return {"url": url, f"value{kind}": value}


def _date(value) -> str:
    return value.isoformat()


# --- organisations and people ------------------------------------------------------------


def organisation_identifiers(org) -> list[dict]:
    """Every identifier the organisation has, in no-basis systems: organisation number
    (Enhetsregisteret), HER-id (Adresseregisteret), RESH-id and, for a municipality, the
    municipality number."""
    found = []
    organisation_number = org.organisation_number
    if org.number and org.kind != OrganisationKind.MUNICIPALITY and not organisation_number:
        organisation_number = org.number
    if organisation_number:
        found.append({"system": s.ORGNR, "value": organisation_number})
    if org.her_id:
        found.append({"system": s.HER_ID, "value": org.her_id})
    if org.resh_id:
        found.append({"system": s.RESH, "value": org.resh_id})
    if org.number and org.kind == OrganisationKind.MUNICIPALITY:
        found.append({"system": s.MUNICIPALITY_NUMBER, "value": org.number})
    return found


def organization(org) -> dict:
    resource = {
        "resourceType": "Organization",
        "id": org_id(org),
        "meta": {"profile": [s.PROFILE_ORGANIZATION]},
        "active": True,
        "name": org.name,
    }
    identifiers = organisation_identifiers(org)
    if identifiers:
        resource["identifier"] = identifiers
    if org.kind == OrganisationKind.UNIT:
        resource["type"] = [_coding(s.UNIT_KIND, org.unit_kind)]
        if org.parent_id:
            resource["partOf"] = ref("Organization", fid("org", org.parent_id))
    return resource


def practitioner(user) -> dict:
    resource = {
        "resourceType": "Practitioner",
        "id": fid("prac", user.pk),
        "meta": {"profile": [s.PROFILE_PRACTITIONER]},
        "name": [{"text": user.display_name()}],
    }
    if user.last_name:
        resource["name"][0]["family"] = user.last_name
    if user.first_name:
        resource["name"][0]["given"] = [user.first_name]
    if user.hpr_number:
        resource["identifier"] = [{"system": s.HPR, "value": user.hpr_number}]
    return resource


PERSON_SYSTEM = {
    NationalIdKind.FNR: s.FNR,
    NationalIdKind.DNR: s.DNR,
    NationalIdKind.FHNR: s.FHNR,
    NationalIdKind.HNR: s.H_NUMBER,
}


def person_identifier(national_id: str) -> dict:
    kind = national_id_kind(national_id)
    found = {"system": PERSON_SYSTEM[kind], "value": national_id}
    if kind == NationalIdKind.HNR:
        found["type"] = _coding(s.PERSON_ID_TYPE, "HNR", "H-nummer")
    return found


def patient(p: Patient) -> dict:
    resource = {
        "resourceType": "Patient",
        "id": fid("pat", p.pk),
        "meta": {"profile": [s.PROFILE_PATIENT]},
    }
    if p.national_id:
        resource["identifier"] = [person_identifier(p.national_id)]
    else:
        resource["identifier"] = [{"system": s.PSEUDONYM, "value": p.pseudonym}]
    if p.first_name or p.last_name:
        name = {"text": f"{p.first_name} {p.last_name}".strip()}
        if p.last_name:
            name["family"] = p.last_name
        if p.first_name:
            name["given"] = [p.first_name]
        resource["name"] = [name]
    if p.phone:
        resource["telecom"] = [{"system": "phone", "value": p.phone}]
    if p.address:
        resource["address"] = [{"text": p.address}]
    if p.next_of_kin:
        resource["contact"] = [{"name": {"text": p.next_of_kin}}]
    if p.gp_name or p.gp_hpr_number:
        gp = {"display": p.gp_name} if p.gp_name else {}
        if p.gp_hpr_number:
            gp["identifier"] = {"system": s.HPR, "value": p.gp_hpr_number}
        resource["generalPractitioner"] = [gp]
    resource["managingOrganization"] = ref("Organization", fid("org", p.municipality_id))
    return resource


# --- the pathway ---------------------------------------------------------------------------


def plan_definition() -> dict:
    actions = []
    for step in deadlines.CHAIN:
        action = {
            "id": str(step),
            "title": STEP_LABELS[step],
            "code": [_coding(s.STEP, step, STEP_LABELS[step])],
        }
        if step in deadlines.DAYS_AFTER_ANCHOR:
            days = deadlines.DAYS_AFTER_ANCHOR[step]
            action["timingDuration"] = {"value": days, "unit": "d", "system": s.UCUM, "code": "d"}
        elif step == deadlines.Step.ANNUAL_REVIEW:
            action["timingDuration"] = {"value": 1, "unit": "a", "system": s.UCUM, "code": "a"}
        actions.append(action)
    return {
        "resourceType": "PlanDefinition",
        "id": "hph",
        "url": s.PLAN_DEFINITION,
        "name": "HPH",
        "title": "Helhetlig pasientforløp i hjemmet",
        "status": "active",
        "description": (
            "Kjeden i HPH: dager regnes fra ankerdatoen (oppstart av hjemmetjenester hjemme)."
        ),
        "action": actions,
    }


def _owner(pathway: Pathway, state, record) -> dict | None:
    if record is not None and (record.done_on or record.done_at or record.not_applicable):
        if record.done_by_id:
            return ref("Practitioner", fid("prac", record.done_by_id)) | {
                "display": record.done_by_name
            }
        return {"display": record.done_by_name} if record.done_by_name else None
    if state is not None and state.step in deadlines.HOSPITAL_STEPS and pathway.hospital_id:
        return ref("Organization", fid("org", pathway.hospital_id))
    if pathway.primary_contact_id:
        return ref("Practitioner", fid("prac", pathway.primary_contact_id))
    return ref("Organization", fid("org", pathway.unit_id))


def task(pathway: Pathway, step: str, state, record) -> dict:
    status = (
        state.status
        if state
        else (deadlines.Status.NOT_APPLICABLE if record.not_applicable else deadlines.Status.DONE)
    )
    resource = {
        "resourceType": "Task",
        "id": fid("task", pathway.pk, step),
        "status": TASK_STATUS[status],
        "businessStatus": _coding(s.STEP_STATUS, status, STATUS_LABELS[status]),
        "intent": "plan",
        "code": _coding(s.STEP, step, STEP_LABELS[step]),
        "basedOn": [ref("CarePlan", fid("cp", pathway.pk))],
        "for": ref("Patient", fid("pat", pathway.patient_id)),
    }
    if state is not None and state.due is not None:
        resource["restriction"] = {"period": {"end": _date(state.due)}}
    if record is not None and record.not_applicable:
        resource["statusReason"] = {"text": record.reason}
    elif record is not None and (record.done_at or record.done_on):
        done = record.done_at.isoformat() if record.done_at else _date(record.done_on)
        resource["executionPeriod"] = {"start": done, "end": done}
    owner = _owner(pathway, state, record)
    if owner:
        resource["owner"] = owner
    if record is not None and record.note:
        resource["note"] = [{"text": record.note}]
    return resource


def care_plan(pathway: Pathway, tasks: list[dict]) -> dict:
    resource = {
        "resourceType": "CarePlan",
        "id": fid("cp", pathway.pk),
        "status": "completed" if pathway.closed_on else "active",
        "intent": "plan",
        "instantiatesCanonical": [s.PLAN_DEFINITION],
        "category": [
            _coding(s.START_TYPE, pathway.start_type, StartTypeChoice(pathway.start_type).label)
        ],
        "subject": ref("Patient", fid("pat", pathway.patient_id)),
        "period": {"start": _date(pathway.start_date)},
        "author": ref("Organization", fid("org", pathway.unit_id)),
        "careTeam": [ref("CareTeam", fid("ct", pathway.patient_id))],
        "activity": [{"reference": ref("Task", t["id"])} for t in tasks],
    }
    if pathway.closed_on:
        resource["period"]["end"] = _date(pathway.closed_on)
    if pathway.hospital_id:
        resource["contributor"] = [ref("Organization", fid("org", pathway.hospital_id))]
    if pathway.external_ref:
        resource["identifier"] = [{"system": s.PATHWAY_REF, "value": pathway.external_ref}]
    if pathway.deterioration_plan:
        resource["note"] = [{"text": pathway.deterioration_plan}]
    extensions = []
    if pathway.readmission_on:
        extensions.append(_ext(s.EXT_READMISSION, "Date", _date(pathway.readmission_on)))
    if pathway.closed_reason:
        extensions.append(_ext(s.EXT_CLOSED_REASON, "String", pathway.closed_reason))
    if pathway.primary_contact_id:
        extensions.append(
            _ext(
                s.EXT_PRIMARY_CONTACT,
                "Reference",
                ref("Practitioner", fid("prac", pathway.primary_contact_id)),
            )
        )
    for stay in pathway.stays.all():
        parts = [_ext("start", "Date", _date(stay.start))]
        if stay.end:
            parts.append(_ext("end", "Date", _date(stay.end)))
        if stay.unit_name:
            parts.append(_ext("unit", "String", stay.unit_name))
        extensions.append({"url": s.EXT_STAY, "extension": parts})
    if extensions:
        resource["extension"] = extensions
    return resource


def pathway_resources(pathway: Pathway, today: date) -> list[dict]:
    """The CarePlan and its Tasks (the chain's steps and the "what matters" step)."""
    records = {r.step: r for r in pathway.records.all()}
    tasks = [task(pathway, st.step, st, records.get(st.step)) for st in pathway.states(today)]
    if WHAT_MATTERS_CONVERSATION in records:
        tasks.append(
            task(pathway, WHAT_MATTERS_CONVERSATION, None, records[WHAT_MATTERS_CONVERSATION])
        )
    return [care_plan(pathway, tasks), *tasks]


# --- what matters ------------------------------------------------------------------------


def care_team(p: Patient, actors, contacts, units) -> dict:
    participants = []
    for user_id in sorted(contacts):
        participants.append(
            {
                "role": [_coding(s.CARE_ROLE, "primary_contact", "Primærkontakt")],
                "member": ref("Practitioner", fid("prac", user_id)),
            }
        )
    for actor in actors:
        extensions = [
            _ext(s.EXT_IMPORTANCE, "Integer", actor.importance),
            _ext(s.EXT_INFLUENCE, "Integer", actor.influence),
        ]
        if actor.relation:
            extensions.append(_ext(s.EXT_RELATION, "String", actor.relation))
        if actor.note:
            extensions.append(_ext(s.EXT_NOTE, "String", actor.note))
        participants.append(
            {
                "extension": extensions,
                "role": [_coding(s.ACTOR_KIND, actor.kind, ActorKind(actor.kind).label)],
                "member": {"display": actor.name},
            }
        )
    resource = {
        "resourceType": "CareTeam",
        "id": fid("ct", p.pk),
        "status": "active",
        "name": "Aktørene rundt brukeren",
        "subject": ref("Patient", fid("pat", p.pk)),
        "managingOrganization": [ref("Organization", fid("org", u)) for u in sorted(units)],
    }
    if participants:
        resource["participant"] = participants
    return resource


def questionnaire(version: FormVersion) -> dict:
    direction = "høyere er bedre" if version.higher_is_better else "lavere er bedre"
    return {
        "resourceType": "Questionnaire",
        "id": fid("q", version.key),
        "url": s.QUESTIONNAIRE + version.key,
        "name": "HvaErViktigForDeg",
        "title": f"Hva er viktig for meg? ({version.name})",
        "status": "active",
        "extension": [
            _ext(s.EXT_HIGHER_IS_BETTER, "Boolean", version.higher_is_better),
            _ext(s.EXT_MEAN_THRESHOLD, "Decimal", float(version.mean_threshold)),
            _ext(s.EXT_ACTIVITY_THRESHOLD, "Decimal", float(version.activity_threshold)),
        ],
        "item": [
            {
                "linkId": "activity",
                "type": "group",
                "repeats": True,
                "text": "Aktivitet du vil ha hjelp til",
                "item": [
                    {"linkId": "activity.text", "type": "string", "text": "Aktivitet"},
                    {
                        "linkId": "activity.score",
                        "type": "integer",
                        "text": f"Skår {version.scale_min}–{version.scale_max} ({direction})",
                        "extension": [
                            _ext(s.MIN_VALUE, "Integer", version.scale_min),
                            _ext(s.MAX_VALUE, "Integer", version.scale_max),
                        ],
                    },
                ],
            }
        ],
    }


def goal(activity, patient_key: str) -> dict:
    return {
        "resourceType": "Goal",
        "id": fid("goal", activity.pk),
        "extension": [_ext(s.EXT_POSITION, "Integer", activity.position)],
        "lifecycleStatus": "active",
        "description": {"text": activity.text},
        "subject": ref("Patient", patient_key),
        "expressedBy": ref("Patient", patient_key),
    }


def questionnaire_response(form: WhatMattersForm, conversation, patient_key: str) -> dict:
    scores = {score.activity_id: score.value for score in conversation.scores.all()}
    items = [
        {
            "extension": [_ext(s.EXT_GOAL, "Reference", ref("Goal", fid("goal", a.pk)))],
            "linkId": "activity",
            "item": [
                {"linkId": "activity.text", "answer": [{"valueString": a.text}]},
                {"linkId": "activity.score", "answer": [{"valueInteger": scores[a.pk]}]},
            ],
        }
        for a in form.activities.all()
        if a.pk in scores
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": fid("qr", conversation.pk),
        "extension": [_ext(s.EXT_USER_PRESENT, "Boolean", conversation.with_user_present)],
        "questionnaire": s.QUESTIONNAIRE + form.form_version.key,
        "status": "completed",
        "subject": ref("Patient", patient_key),
        "authored": _date(conversation.held_on),
        "author": (
            ref("Practitioner", fid("prac", conversation.signed_by_id))
            | {"display": conversation.signed_by_name}
            if conversation.signed_by_id
            else {"display": conversation.signed_by_name}
        ),
        "item": items,
    }
    if conversation.note:
        resource["extension"].append(_ext(s.EXT_NOTE, "String", conversation.note))
    return resource


def mean_observation(form, conversation, rule_conversation, patient_key: str) -> dict | None:
    value = mean(rule_conversation)
    if value is None:
        return None
    return {
        "resourceType": "Observation",
        "id": fid("obs-mean", conversation.pk),
        "status": "final",
        "code": _coding(
            s.OBSERVATION, "what-matters-mean", "Gjennomsnittlig skår, «Hva er viktig for deg?»"
        ),
        "subject": ref("Patient", patient_key),
        "effectiveDateTime": _date(conversation.held_on),
        "valueQuantity": {"value": round(float(value), 4), "unit": "skår"},
        "derivedFrom": [ref("QuestionnaireResponse", fid("qr", conversation.pk))],
    }


def what_matters_resources(p: Patient) -> tuple[list[dict], set[FormVersion]]:
    key = fid("pat", p.pk)
    resources, versions = [], set()
    forms = (
        WhatMattersForm.objects.filter(patient=p)
        .select_related("form_version")
        .prefetch_related("activities", "conversations__scores")
        .order_by("created_at", "pk")
    )
    for form in forms:
        versions.add(form.form_version)
        rule = form.as_rule()
        resources += [goal(a, key) for a in form.activities.all()]
        for conversation, rule_conversation in zip(
            form.conversations.all(), rule.conversations, strict=True
        ):
            resources.append(questionnaire_response(form, conversation, key))
            observation = mean_observation(form, conversation, rule_conversation, key)
            if observation:
                resources.append(observation)
    return resources, versions


# --- indicators ------------------------------------------------------------------------------


def measure(indicator) -> dict:
    value = indicator in indicators.VALUE_INDICATORS
    populations = (
        [("initial-population", "Initial Population", "Sykehusstarter med begge datoer")]
        if value
        else [("denominator", "Denominator", "Nevner"), ("numerator", "Numerator", "Teller")]
    )
    return {
        "resourceType": "Measure",
        "id": fid("measure", indicator),
        "url": s.MEASURE + str(indicator),
        "name": str(indicator),
        "title": _nb(indicator_data.INDICATOR_LABELS[indicator]),
        "status": "active",
        "scoring": _coding(s.MEASURE_SCORING, "continuous-variable" if value else "proportion"),
        "group": [
            {
                "population": [
                    {
                        "code": _coding(s.MEASURE_POPULATION, code),
                        "criteria": {
                            "description": text,
                            "language": "text/cql",
                            "expression": name,
                        },
                    }
                    for code, name, text in populations
                ]
            }
        ],
    }


def _nb(text) -> str:
    from django.utils import translation

    with translation.override("nb"):
        return str(text)


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def measure_report(row, municipality, unit_ids: dict, report_date: date) -> dict:
    first = date(int(row.month[:4]), int(row.month[5:7]), 1)
    value = row.indicator in indicators.VALUE_INDICATORS
    group = {}
    if value:
        group["population"] = [
            {"code": _coding(s.MEASURE_POPULATION, "initial-population"), "count": row.count}
        ]
        if row.value is not None:
            group["measureScore"] = {"value": row.value, "unit": "d"}
    else:
        group["population"] = [
            {"code": _coding(s.MEASURE_POPULATION, "denominator"), "count": row.denominator},
            {"code": _coding(s.MEASURE_POPULATION, "numerator"), "count": row.numerator},
        ]
        if row.denominator:
            group["measureScore"] = {
                "value": round(float(Fraction(row.numerator, row.denominator)), 4),
                "unit": "1",
            }
    unit = unit_ids.get(row.unit)
    return {
        "resourceType": "MeasureReport",
        "id": fid("mr", municipality.pk, row.month, unit or 0, row.indicator)[:64],
        "status": "complete",
        "type": "summary",
        "measure": s.MEASURE + str(row.indicator),
        "date": report_date.isoformat(),
        "period": {"start": _date(first), "end": _date(_month_end(first))},
        "reporter": ref("Organization", fid("org", unit))
        if unit
        else ref("Organization", org_id(municipality)),
        "group": [group],
    }


# --- bundles ---------------------------------------------------------------------------------


def _patient_resources(
    p: Patient, pathways: list[Pathway], today: date, people: dict, orgs: dict
) -> tuple[list[dict], set]:
    resources = [patient(p)]
    contacts, units = set(), set()
    orgs.setdefault(p.municipality_id, p.municipality)
    for pathway in pathways:
        orgs.setdefault(pathway.unit_id, pathway.unit)
        units.add(pathway.unit_id)
        if pathway.hospital_id:
            orgs.setdefault(pathway.hospital_id, pathway.hospital)
        if pathway.primary_contact_id:
            contacts.add(pathway.primary_contact_id)
            people.setdefault(pathway.primary_contact_id, pathway.primary_contact)
        for record in pathway.records.all():
            if record.done_by_id:
                people.setdefault(record.done_by_id, record.done_by)
        resources += pathway_resources(pathway, today)
    actors = list(
        Actor.objects.filter(patient=p).order_by("-importance", "-influence", "name", "pk")
    )
    resources.append(care_team(p, actors, contacts, units))
    found, versions = what_matters_resources(p)
    for item in found:
        if item["resourceType"] == "QuestionnaireResponse" and "reference" in item["author"]:
            pk = int(item["author"]["reference"].rsplit("-", 1)[1])
            people.setdefault(pk, None)
    resources += found
    return resources, versions


def _pathways_of(patients):
    return (
        Pathway.objects.filter(patient__in=patients)
        .select_related("unit", "hospital", "primary_contact", "patient")
        .prefetch_related("records__done_by", "stays")
        .order_by("start_date", "pk")
    )


def _fill_people(people: dict) -> list[dict]:
    from pasientforlop.accounts.models import User

    missing = [pk for pk, user in people.items() if user is None]
    for user in User.objects.filter(pk__in=missing):
        people[user.pk] = user
    return [practitioner(people[pk]) for pk in sorted(people) if people[pk] is not None]


def export_patients(patients, today: date, with_indicators=None) -> list[dict]:
    """Every resource for ``patients`` (a queryset): the shared Organizations,
    Practitioners, PlanDefinition and Questionnaires first, then each user's resources."""
    patients = list(patients.select_related("municipality").order_by("pk"))
    by_patient: dict[int, list[Pathway]] = {}
    for pathway in _pathways_of(patients):
        by_patient.setdefault(pathway.patient_id, []).append(pathway)
    people, orgs, versions, body = {}, {}, set(), []
    for p in patients:
        found, used = _patient_resources(p, by_patient.get(p.pk, []), today, people, orgs)
        body += found
        versions |= used
    ordered = sorted(orgs.values(), key=lambda org: (org.kind, org.name, org.pk))
    head = [organization(org) for org in ordered]
    head += _fill_people(people)
    head.append(plan_definition())
    head += [questionnaire(v) for v in sorted(versions, key=lambda v: v.key)]
    tail = with_indicators(orgs) if with_indicators else []
    return head + body + tail


def patient_everything(p: Patient, today: date, base: str = "") -> dict:
    resources = export_patients(Patient.objects.filter(pk=p.pk), today)
    return bundle(resources, base)


def full_url(resource: dict, base: str) -> str:
    return f"{base.rstrip('/')}/{resource['resourceType']}/{resource['id']}"


def bundle(resources: list[dict], base: str = "", kind: str = "collection") -> dict:
    """A Bundle with ``fullUrl`` on every entry: the server's FHIR base and the resource's
    type and id, so the relative references inside resolve (``urn:x-pasientforlop:fhir``
    when there is no server address, as in files made on the command line)."""
    base = base or s.OURS + "fhir"
    found = {"resourceType": "Bundle", "type": kind}
    if kind == "searchset":
        found["total"] = len(resources)
    found["entry"] = [{"fullUrl": full_url(r, base), "resource": r} for r in resources]
    return found


def organisation_export(municipality, today: date) -> list[dict]:
    """Bulk export of a municipality: its users' resources, then Measure and MeasureReport
    for the pathway indicators from the first pathway's month to this month."""

    def indicator_resources(orgs: dict) -> list[dict]:
        first_start = (
            Pathway.objects.filter(municipality=municipality)
            .order_by("start_date")
            .values_list("start_date", flat=True)
            .first()
        )
        if first_start is None:
            return []
        rows = indicator_data.compute(
            municipality, None, first_start.replace(day=1), today.replace(day=1), today
        )
        unit_ids = {
            org.name: pk
            for pk, org in orgs.items()
            if org.kind == OrganisationKind.UNIT and org.parent_id == municipality.pk
        }
        return [measure(i) for i in indicators.Indicator] + [
            measure_report(row, municipality, unit_ids, today) for row in rows
        ]

    patients = Patient.objects.filter(municipality=municipality)
    return export_patients(patients, today, indicator_resources)


def to_ndjson(resources: list[dict]) -> str:
    import json

    return "".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in resources
    )
