"""``pasientforlop import-messages PATH… [--receipts DIR]``: take in PLO messages from files."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pasientforlop.plo.intake import RESULT_LABELS, Context, Outcome, Result, receive


class PathProblem(Exception):
    pass


def message_files(paths) -> list[Path]:
    """The files to read: each file as given, and the ``*.xml`` files directly in each
    directory (not its subdirectories), in name order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
            )
        elif path.is_file():
            files.append(path)
        else:
            raise PathProblem(f"Finner ikke {name}.")
    return files


def receipt_name(source: str) -> str:
    return f"{Path(source).stem}.apprec.xml"


def write_receipt(folder: Path, outcome: Outcome) -> Path:
    target = folder / receipt_name(outcome.source)
    target.write_text(outcome.apprec_xml, encoding="utf-8")
    return target


def summary(outcomes: list[Outcome]) -> str:
    counts = Counter(o.result for o in outcomes)
    parts = [f"{RESULT_LABELS[r].lower()}: {counts[r]}" for r in RESULT_LABELS if counts[r]]
    return f"{len(outcomes)} meldinger – " + ", ".join(parts) + "."


def command(paths, receipts: str = "", username: str = "") -> int:
    from pasientforlop.accounts.models import User

    try:
        files = message_files(paths)
    except PathProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    actor = None
    if username:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            print(f"Finner ingen aktiv bruker «{username}».", file=sys.stderr)
            return 2
    folder = Path(receipts) if receipts else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for path in files:
        outcome = receive(path.read_bytes(), source=str(path), context=Context(actor=actor))
        outcomes.append(outcome)
        if folder is not None:
            write_receipt(folder, outcome)
        print(f"{path.name}\t{outcome.kind or '–'}\t{outcome.result_label}\t{outcome.line}")
    print(summary(outcomes))
    if folder is not None:
        print(f"Kvitteringer (AppRec) skrevet til {folder}.")
    return 1 if any(o.result == Result.REJECTED for o in outcomes) else 0
