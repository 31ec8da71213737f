"""The limits input is held to (an uploaded file, what one study may name, what the map draws, a link), each
declared once here, and the tally that stops a reader at the first breach."""

from __future__ import annotations

from dataclasses import dataclass

from components.core.i18n import _, number
from components.tables.csv_reader import MAX_FIELD_CHARS
from components.tables.formats import split_list
from components.tables.problems import Problem

# The one upload limit people see, in MB as browsers count them (1 MB = 1,000,000 bytes). The upload widget shows
# and enforces it in the browser; the server's transport cap (server.maxUploadSize in .streamlit/config.toml, in
# MiB) sits above it so every file a browser lets through reaches parse_upload, which refuses anything larger with
# a clear message rather than an HTTP 413 nobody sees.
UPLOAD_LIMIT_MB = 5


MAX_UPLOAD_BYTES = UPLOAD_LIMIT_MB * 1_000_000


def megabytes(size: int) -> str:
    """A size in MB with one decimal, in the language's number format (5.2 / 5,2)."""
    from babel.numbers import format_decimal

    from components.core.i18n import NUMBER_LOCALES, current_language

    if current_language() == "en":
        return f"{size / 1e6:.1f}"  # exactly as the atlas has always written it
    return format_decimal(size / 1e6, format="0.0", locale=NUMBER_LOCALES[current_language()])


def upload_help() -> str:
    """The upload box's help text, in the language in use: every limit a file is held to."""
    limits = LIMITS
    return _(
        "CSV (UTF-8) or XLSX, at most {mb} MB ({bytes} bytes), "
        "up to {rows} studies (rows) and {columns} columns; no cell over {chars} characters, "
        "at most {text} characters of text in all; a study names at most {countries} countries "
        "(sources and destinations together) and {corridors} corridors (source → destination pairs)."
    ).format(
        mb=UPLOAD_LIMIT_MB,
        bytes=number(MAX_UPLOAD_BYTES),
        rows=number(limits.rows),
        columns=limits.columns,
        chars=number(limits.field_chars),
        text=number(limits.text_chars),
        countries=limits.countries_per_study,
        corridors=limits.corridors_per_study,
    )


ACCEPTED_TYPES = ("csv", "xlsx")


@dataclass(frozen=True)
class Limits:
    rows: int = 5_000  # data rows (studies) after the header
    columns: int = 50
    cells: int = 150_000  # 5,000 studies of the 24-column template with room; XLSX: every row and cell element
    field_chars: int = MAX_FIELD_CHARS
    problems: int = 50  # problems listed; the rest are counted
    problem_value_chars: int = 200  # a listed problem shows at most this much of the offending value
    # XLSX: unpacked size of the parts that are read, and of the sheet XML between two rows.
    sheet_xml_bytes: int = 64 * 1024 * 1024
    shared_strings_bytes: int = 16 * 1024 * 1024
    other_part_bytes: int = 4 * 1024 * 1024
    zip_members: int = 500
    row_xml_bytes: int = 2 * 1024 * 1024
    # XLSX: characters of text as the cells are expanded, every reference to a shared string counted in full; as
    # much as the largest CSV can hold, so a few short shared strings cannot stand for a billion characters.
    text_chars: int = UPLOAD_LIMIT_MB * 1_000_000
    # What one study may name. The bundled studies name at most 9 countries (8 sources) and 8 corridors; the
    # limits leave room for a multi-country survey while bounding the corridors (sources x destinations).
    countries_per_study: int = 30  # source and destination countries together
    corridors_per_study: int = 100
    # The map draws this many corridor lines at most, the strongest; the rest are counted in its title.
    map_corridor_lines: int = 150
    # A link the atlas reads: its parameters (the atlas makes at most a dozen) and characters (every country
    # selected is about 1,000). A larger one is set aside whole, with one notice.
    link_params: int = 40
    link_chars: int = 8_000


LIMITS = Limits()


# An XLSX may have a few blank rows between studies; values further down than this below the row limit are refused.
BLANK_ROW_ALLOWANCE = 1_000


class LimitExceeded(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def limit_exceeded(file: str, line: int | None, column: str, value: str, expected: str) -> LimitExceeded:
    return LimitExceeded(Problem(file, line, column, value, expected))


class Tally:
    """Counts what a reader has taken in and raises at the first breach of a limit."""

    def __init__(self, file: str, limits: Limits):
        self.file, self.limits = file, limits
        self.cells = 0
        self.data_rows = 0
        self.text_chars = 0

    def cell_count(self, n: int, line: int | None) -> None:
        self.cells += n
        if self.cells > self.limits.cells:
            raise limit_exceeded(
                self.file,
                line,
                _("(file)"),
                _("more than {n} cells").format(n=number(self.limits.cells)),
                _("at most {n} cells in the file (the cell limit)").format(n=number(self.limits.cells)),
            )

    def row(self, width: int, line: int | None, header: bool) -> None:
        if width > self.limits.columns:
            raise limit_exceeded(
                self.file,
                line,
                _("(row)"),
                _("{n} columns").format(n=number(width)),
                _("at most {n} columns (the column limit)").format(n=self.limits.columns),
            )
        if not header:
            self.data_rows += 1
            if self.data_rows > self.limits.rows:
                raise limit_exceeded(
                    self.file,
                    line,
                    _("(file)"),
                    _("more than {n} rows of studies").format(n=number(self.limits.rows)),
                    _("at most {n} studies (rows) in one file (the row limit)").format(n=number(self.limits.rows)),
                )

    def field(self, value: str, line: int | None, column: str) -> None:
        if len(value) > self.limits.field_chars:
            raise limit_exceeded(
                self.file,
                line,
                column,
                _("a cell of {n} characters").format(n=number(len(value))),
                _("cells of at most {n} characters (the limit for any cell)").format(n=number(self.limits.field_chars)),
            )

    def text(self, n: int, line: int | None) -> None:
        """Count ``n`` characters of cell text as it is expanded (a shared string counts at every reference)."""
        self.text_chars += n
        if self.text_chars > self.limits.text_chars:
            raise limit_exceeded(
                self.file,
                line,
                _("(file)"),
                _("more than {n} characters of text").format(n=number(self.limits.text_chars)),
                _(
                    "at most {n} characters of text in the file, every cell counted in full, shared strings "
                    "at each use (the text limit)"
                ).format(n=number(self.limits.text_chars)),
            )


def study_breadth_problems(rows: list[dict[str, str]], file: str, limits: Limits = LIMITS) -> list[Problem]:
    """Studies that name more countries, or more source → destination corridors, than one study may (checked
    before the corridors are built: a study naming every country as source and destination would make ~60,000)."""
    problems = []
    for position, row in enumerate(rows, start=2):
        line = int(row.get("__line__") or position)
        sources = set(split_list(row.get("source_countries", "")))
        destinations = set(split_list(row.get("destination_countries", "")))
        countries = len(sources | destinations)
        corridors = len(sources) * len(destinations) - len(sources & destinations)
        if countries > limits.countries_per_study:
            problems.append(
                Problem(
                    file,
                    line,
                    "source_countries",
                    _("{n} countries (sources and destinations together)").format(n=number(countries)),
                    _("at most {n} countries per study, sources and destinations together (the country limit)").format(
                        n=limits.countries_per_study
                    ),
                )
            )
        elif corridors > limits.corridors_per_study:
            problems.append(
                Problem(
                    file,
                    line,
                    "destination_countries",
                    _("{n} corridors ({sources} sources × {destinations} destinations)").format(
                        n=number(corridors), sources=len(sources), destinations=len(destinations)
                    ),
                    _("at most {n} corridors (source → destination pairs) per study (the corridor limit)").format(
                        n=limits.corridors_per_study
                    ),
                )
            )
    return problems
