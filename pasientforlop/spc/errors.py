"""The exception raised for input the SPC engine refuses."""


class SpcInputError(ValueError):
    """Bad input, with the row it concerns and a reason in Norwegian bokmål.

    ``row`` is the 1-based position in the input sequences given to :func:`qic`, or the line
    number in a CSV file (then ``row_label`` is ``"Linje"``). It is ``None`` for errors that
    concern an option rather than a row (e.g. ``freeze``).
    """

    def __init__(self, reason: str, row: int | None = None, *, row_label: str = "Rad") -> None:
        self.reason = reason
        self.row = row
        self.row_label = row_label
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        return f"{self.row_label} {self.row}: {self.reason}"

    def at_line(self, line: int | None) -> "SpcInputError":
        """The same error, located at a line of an input file."""
        return SpcInputError(self.reason, line, row_label="Linje")
