"""``pasientforlop import-messages PATH… [--receipts DIR]``."""

import xml.etree.ElementTree as ET

from pasientforlop.cli import main
from pasientforlop.pathways.models import Pathway, StepRecord
from pasientforlop.plo.models import ReceivedMessage
from pasientforlop.plo.tests.conftest import BAD, FIXTURES

NS = {"a": "http://www.kith.no/xmlstds/apprec/2012-02-15"}


def _status(path):
    root = ET.parse(path).getroot()
    return root.find("a:Status", NS).get("V"), [e.get("V") for e in root.findall("a:Error", NS)]


def test_it_imports_the_fixture_directory_and_writes_an_apprec_per_message(plo, tmp_path, capsys):
    receipts = tmp_path / "kvitteringer"
    assert main(["import-messages", str(FIXTURES), "--receipts", str(receipts)]) == 0
    out = capsys.readouterr().out
    files = sorted(p.name for p in FIXTURES.glob("*.xml"))
    written = sorted(p.name for p in receipts.iterdir())
    assert written == [name.replace(".xml", ".apprec.xml") for name in files]
    assert all(_status(p) == ("1", []) for p in receipts.iterdir())
    assert ReceivedMessage.objects.count() == len(files)
    assert "Venter på manuell kobling" in out
    assert f"{len(files)} meldinger" in out


def test_importing_twice_changes_nothing_and_writes_the_same_receipts(plo, tmp_path, capsys):
    first, second = tmp_path / "1", tmp_path / "2"
    main(["import-messages", str(FIXTURES), "--receipts", str(first)])
    state = (
        list(StepRecord.objects.order_by("pk").values()),
        list(Pathway.objects.order_by("pk").values()),
        list(ReceivedMessage.objects.order_by("pk").values("pk", "status", "pathway_id")),
    )
    assert main(["import-messages", str(FIXTURES), "--receipts", str(second)]) == 0
    assert "allerede mottatt: 15" in capsys.readouterr().out
    assert state == (
        list(StepRecord.objects.order_by("pk").values()),
        list(Pathway.objects.order_by("pk").values()),
        list(ReceivedMessage.objects.order_by("pk").values("pk", "status", "pathway_id")),
    )
    for path in first.iterdir():
        assert (second / path.name).read_text() == path.read_text()


def test_bad_files_get_negative_receipts_and_a_nonzero_exit(plo, tmp_path, capsys):
    receipts = tmp_path / "r"
    assert main(["import-messages", str(BAD), "--receipts", str(receipts)]) == 1
    out = capsys.readouterr().out
    assert _status(receipts / "ikke_xml.apprec.xml") == ("2", ["T01"])
    assert _status(receipts / "ugyldig_fodselsnummer.apprec.xml") == ("2", ["E31"])
    assert _status(receipts / "kansellering_ukjent.apprec.xml") == ("2", ["X99"])
    assert "Avvist (E21)" in out
    # The command line receives for every municipality: only B's own message is taken in.
    assert list(ReceivedMessage.objects.values_list("municipality", flat=True)) == [
        plo.municipality_b.pk
    ]


def test_single_files_can_be_named_and_a_missing_path_is_an_error(plo, tmp_path, capsys):
    assert main(["import-messages", str(FIXTURES / "01_innlagt_ny.xml")]) == 0
    assert ReceivedMessage.objects.count() == 1
    assert main(["import-messages", str(tmp_path / "finnes-ikke")]) == 2
    assert "Finner ikke" in capsys.readouterr().err
