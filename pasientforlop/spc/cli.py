"""Command line: ``pasientforlop spc --chart TYPE FILE.csv [options]`` prints the chart as JSON.

Exit status 0 on success and 2 with a message on stderr for bad input or arguments.
"""

import argparse
import json
import sys

from .csvinput import read_csv
from .engine import CHART_TYPES, qic
from .errors import SpcInputError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _ArgumentError(message)


def _point_list(text: str) -> list[int]:
    try:
        return [int(item) for item in text.split(",") if item.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"forventet punktnummer skilt med komma, fikk '{text}'"
        ) from None


def _parser() -> _Parser:
    parser = _Parser(
        prog="pasientforlop spc",
        description="Seriediagram og kontrolldiagram (SPC) som i qicharts2. Skriver JSON.",
    )
    parser.add_argument("file", metavar="FIL.csv", help="CSV med kolonnene x,y eller x,y,n")
    parser.add_argument("--chart", required=True, choices=CHART_TYPES, help="diagramtype")
    parser.add_argument("--freeze", type=int, help="siste punkt i baseline (1-basert)")
    parser.add_argument("--part", type=_point_list, help="del opp etter punkt K[,K...]")
    parser.add_argument("--exclude", type=_point_list, help="utelat punkt K[,K...]")
    parser.add_argument("--multiply", type=float, default=1.0, help="f.eks. 100 for prosent")
    parser.add_argument("--target", type=float, help="mållinje")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except _ArgumentError as error:
        print(f"Feil i argumentene: {error}", file=sys.stderr)
        print(
            "Bruk: pasientforlop spc --chart TYPE FIL.csv [--freeze K] [--part K,...] "
            "[--exclude K,...] [--multiply M]",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        data = read_csv(args.file)
        try:
            result = qic(
                data.x,
                data.y,
                n=data.n,
                chart=args.chart,
                freeze=args.freeze,
                part=args.part,
                exclude=args.exclude,
                target=args.target,
                notes=data.notes,
                multiply=args.multiply,
            )
        except SpcInputError as error:
            raise error.at_line(data.line_of(error.row)) if error.row else error from None
    except SpcInputError as error:
        print(f"Feil: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
