import json
import subprocess
import sys
from pathlib import Path

import pytest

from pasientforlop.spc.cli import main

REPO = Path(__file__).resolve().parents[3]


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_prints_the_chart_as_json(tmp_path, capsys):
    path = _csv(tmp_path, "x,y,n\n2024-01,3,40\n2024-02,5,42\n2024-03,,41\n2024-04,4,39\n")
    assert main(["--chart", "p", path, "--freeze", "2", "--multiply", "100"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chart"] == "p"
    assert [p["x"] for p in data["points"]] == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
    ]
    assert data["points"][0]["cl"] == pytest.approx(8 / 82 * 100, rel=1e-9)
    assert data["points"][2]["y"] is None and data["points"][2]["ucl"] is None
    assert data["parts"][0]["part"] == 1
    assert data["rules"] == ["anhoej_longest_run", "anhoej_crossings", "shewhart_3sigma"]


def test_parts_and_exclusions_are_comma_separated(tmp_path, capsys):
    rows = "".join(f"{i},{v}\n" for i, v in enumerate([5, 6, 5, 7, 6, 9, 10, 9, 11, 10], 1))
    path = _csv(tmp_path, "x,y\n" + rows)
    assert main(["--chart", "i", path, "--part", "5", "--exclude", "2,3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["part"] for p in data["points"]] == [1] * 5 + [2] * 5
    assert [s["n_obs"] for s in data["parts"]] == [3, 5]


@pytest.mark.parametrize(
    ("csv_text", "arguments", "message"),
    [
        ("x,y\n1,2\n2,3\n3,abc\n", [], "Linje 4: y er ikke et tall ('abc')"),
        ("x,y,n\n1,2,10\n2,3,-1\n", ["--chart", "u"], "Linje 3: nevneren n er negativ"),
        ("x,y,n\n1,2,10\n2,11,10\n", ["--chart", "p"], "Linje 3: telleren y (11)"),
        ("x,y\n1,2\n2,0\n", ["--chart", "t"], "Linje 3: tid mellom hendelser"),
        ("x,y\n1,2\n2,3\n", ["--freeze", "3"], "freeze (3) er utenfor dataene"),
        ("x,y\n1,2\n2024-01-01,3\n", [], "Linje 3: x kan ikke ordnes"),
        ("a,b\n1,2\n", [], "Linje 1: overskriften må være x,y"),
        ("x,y\n1,2,3\n", [], "Linje 2: forventet 2 kolonner"),
        ("", [], "filen er tom"),
    ],
)
def test_bad_input_exits_with_2_and_a_norwegian_message(
    tmp_path, capsys, csv_text, arguments, message
):
    path = _csv(tmp_path, csv_text)
    chart = [] if "--chart" in arguments else ["--chart", "i"]
    assert main([*chart, path, *arguments]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_a_missing_file_and_bad_arguments_exit_with_2(tmp_path, capsys):
    assert main(["--chart", "i", str(tmp_path / "nope.csv")]) == 2
    assert "finner ikke filen" in capsys.readouterr().err
    assert main(["--chart", "zz", "a.csv"]) == 2
    assert "Feil i argumentene" in capsys.readouterr().err
    assert main(["--chart", "i", "a.csv", "--part", "x"]) == 2


def test_semicolons_and_decimal_commas_are_accepted(tmp_path, capsys):
    path = _csv(tmp_path, "x;y\n1;2,5\n2;3,5\n")
    assert main(["--chart", "run", path]) == 0
    assert json.loads(capsys.readouterr().out)["points"][0]["y"] == 2.5


def test_it_runs_as_a_module(tmp_path):
    good = _csv(tmp_path, "x,y\n1,2\n2,4\n3,3\n")
    done = subprocess.run(
        [sys.executable, "-m", "pasientforlop.spc.cli", "--chart", "i", good],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["points"]) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n2,abc\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pasientforlop.spc.cli", "--chart", "i", str(bad)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2
    assert "Linje 3: y er ikke et tall ('abc')" in done.stderr


def test_it_runs_as_the_pasientforlop_spc_command(tmp_path):
    good = _csv(tmp_path, "x,y,n\n2026-01,3,20\n2026-02,5,22\n2026-03,4,19\n")
    command = [sys.executable, "-m", "pasientforlop.cli", "spc", "--chart", "p", good]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["chart"] == "p" and len(result["points"]) == 3
    assert result["points"][0]["cl"] == 12 / 61
    done = subprocess.run(
        [*command[:-1], str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2 and "finner ikke filen" in done.stderr
