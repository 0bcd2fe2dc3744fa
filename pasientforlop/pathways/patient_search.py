"""The search box: users of services the person may see, by name, birth date or national ID.

Access goes through ``lib.access``: the search finds the users of services in reach
(``patients_in_reach``: the municipalities the person works with), and ``opened_ids`` tells
which of them the person may open (``patients_for_user``: a care relation, the inbox, the GP,
or access on need). The result list shows the others by name and birth year only; opening one
leads to access on need. Whatever later decides who may see whom flows through both.
"""

from django.db.models import Q

from pasientforlop.lib import access
from pasientforlop.pathways import finding

LIMIT = 100


def search_patients(user, text: str, limit: int = LIMIT) -> list:
    """The users of services ``user`` may see that match ``text`` (see ``finding.parse``)."""
    query = finding.parse(text)
    if query.is_empty:
        return []
    patients = access.patients_in_reach(user).select_related("municipality", "unit")
    if query.national_id:
        patients = patients.filter(national_id=query.national_id)
    elif query.birth_prefixes:
        starts = Q()
        for prefix in query.birth_prefixes:
            starts |= Q(national_id__startswith=prefix)
        patients = patients.filter(starts)
    else:
        for word in query.words:
            patients = patients.filter(search_name__contains=word)
    if query.birth_year is None:
        return list(patients[:limit])
    found = []
    for patient in patients.iterator():
        born = finding.birth_date(patient.national_id)
        if born is not None and born.year == query.birth_year:
            found.append(patient)
            if len(found) >= limit:
                break
    return found


def opened_ids(user, patients) -> set[int]:
    """The ones among ``patients`` whose record ``user`` may open."""
    pks = [p.pk for p in patients]
    if not pks:
        return set()
    return set(access.patients_for_user(user).filter(pk__in=pks).values_list("pk", flat=True))
