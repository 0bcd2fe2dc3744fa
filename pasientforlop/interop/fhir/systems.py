"""Identifier systems, code systems and extension URLs used in our FHIR resources.

The Norwegian identifier systems are those of HL7 Norway's no-basis profiles (DOMAIN.md §5).
Our own code systems and extensions use ``urn:x-pasientforlop:`` URNs until they are published
at a canonical web address.
"""

#: Person numbers (no-basis NamingSystems FNR, DNR, FHNR and HPR).
FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR = "urn:oid:2.16.578.1.12.4.1.4.2"
FHNR = "urn:oid:2.16.578.1.12.4.1.4.3"
HPR = "urn:oid:2.16.578.1.12.4.1.4.4"
#: Organisations: organisation number (Enhetsregisteret), RESH-id, HER-id (Adresseregisteret).
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
RESH = "urn:oid:2.16.578.1.12.4.1.4.102"
HER_ID = "urn:oid:2.16.578.1.12.4.1.2"
#: Volven 3402, the municipality numbers (kommunenummer).
MUNICIPALITY_NUMBER = "urn:oid:2.16.578.1.12.4.1.1.3402"
#: Volven 8116, kinds of person identifiers (HNR: an organisation's own help number).
PERSON_ID_TYPE = "urn:oid:2.16.578.1.12.4.1.1.8116"

#: HL7 Norway's basis profiles.
PROFILE_PATIENT = "http://hl7.no/fhir/StructureDefinition/no-basis-Patient"
PROFILE_PRACTITIONER = "http://hl7.no/fhir/StructureDefinition/no-basis-Practitioner"
PROFILE_ORGANIZATION = "http://hl7.no/fhir/StructureDefinition/no-basis-Organization"

OURS = "urn:x-pasientforlop:"
PSEUDONYM = OURS + "pseudonym"
#: H-numbers have no national system: each hospital issues its own (Volven 8116 "HNR").
H_NUMBER = OURS + "h-number"
PATHWAY_REF = OURS + "pathway-ref"
STEP = OURS + "CodeSystem:hph-step"
STEP_STATUS = OURS + "CodeSystem:hph-step-status"
START_TYPE = OURS + "CodeSystem:hph-start-type"
UNIT_KIND = OURS + "CodeSystem:unit-kind"
ACTOR_KIND = OURS + "CodeSystem:actor-kind"
CARE_ROLE = OURS + "CodeSystem:care-role"
OBSERVATION = OURS + "CodeSystem:observation"
PLAN_DEFINITION = OURS + "PlanDefinition:hph"
QUESTIONNAIRE = OURS + "Questionnaire:"
MEASURE = OURS + "Measure:"

EXT = OURS + "StructureDefinition:"
EXT_READMISSION = EXT + "readmission-on"
EXT_CLOSED_REASON = EXT + "closed-reason"
EXT_STAY = EXT + "intermediate-stay"
EXT_PRIMARY_CONTACT = EXT + "primary-contact"
EXT_POSITION = EXT + "activity-position"
EXT_GOAL = EXT + "goal"
EXT_USER_PRESENT = EXT + "user-present"
EXT_NOTE = EXT + "note"
EXT_IMPORTANCE = EXT + "importance"
EXT_INFLUENCE = EXT + "influence"
EXT_RELATION = EXT + "relation"
EXT_HIGHER_IS_BETTER = EXT + "higher-is-better"
EXT_MEAN_THRESHOLD = EXT + "mean-threshold"
EXT_ACTIVITY_THRESHOLD = EXT + "activity-threshold"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
UCUM = "http://unitsofmeasure.org"
MEASURE_SCORING = "http://terminology.hl7.org/CodeSystem/measure-scoring"
MEASURE_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population"

#: The FHIR versions we read and write: R4 (4.0.x) and R4B (4.3.x) share these resources.
VERSIONS = ("4.0", "4.0.1", "4.3", "4.3.0")

#: The identifier systems we read and write for people and organisations.
PERSON_SYSTEMS = (FNR, DNR, FHNR, H_NUMBER)
ORGANISATION_SYSTEMS = (ORGNR, HER_ID, RESH, MUNICIPALITY_NUMBER)
