"""Turning the raw text of cells into typed values, with an error that names the cell for each one that is not."""

from __future__ import annotations

import re

import pandas as pd

from mayenne_assets.lib.common.problems import Problem
from mayenne_assets.lib.common.text import NotANumber, cell_text, normalise_label, parse_number, parse_yes_no, quoted
from mayenne_assets.lib.prepare.phones import normalise_phone
from mayenne_assets.lib.prepare.plausibility import enrolment_bound, enrolment_bound_reason
from mayenne_assets.lib.read.families import not_data_rules

_EXPECTED = {
    "count": "un nombre entier ≥ 0, ou une cellule vide, « nc » ou « - » s'il n'est pas connu",
    "amount": "un montant en euros ≥ 0, ou une cellule vide s'il n'y en a pas",
    "coordinate": "une coordonnée en degrés décimaux (ou en mètres Lambert-93), ou une cellule vide",
}
_NON_NEGATIVE = {"count", "amount"}


def where(row: pd.Series, label: str | None = None) -> str:
    """The place of a raw row (and cell), as a person finds it in the workbook."""
    if label is not None:
        column = f", colonne « {label} »"
    elif "source_column" in row and pd.notna(row["source_column"]):
        column = f", colonne {row['source_column']} ({row['source_label']})"
    else:
        column = ""
    return f"{row['source_file']}, onglet {quoted(row['source_sheet'])}, ligne {row['source_row']}{column}"


def problem_at(row: pd.Series, text: str, label: str | None = None) -> Problem:
    """A problem placed at a raw row (and cell), blaming the workbook the row was read from."""
    return Problem(f"{where(row, label)} : {text}", blames=row["source_file"])


def require_year(rows: pd.DataFrame, column: str = "annee") -> list[str]:
    """The year a table describes comes from its content (a column, the title, the sheet or the file name),
    never from the file's date: one problem per sheet that says none."""
    missing = rows[rows[column].isna()].drop_duplicates(["source_file", "source_sheet"])
    return [Problem(f"{row['source_file']}, onglet {quoted(row['source_sheet'])} : aucune année trouvée, ni dans une "
                    "colonne « Année », ni dans le titre au-dessus du tableau, ni dans le nom de l'onglet ou du "
                    "fichier ; écrivez l'année scolaire que décrit le tableau (par exemple « 2021-2022 ») dans "
                    "son titre ou dans le nom du fichier",
                    blames=row["source_file"]) for _, row in missing.iterrows()]


def parse_values(
    frame: pd.DataFrame, column: str, kind: str = "count", label: str | None = None
) -> tuple[pd.Series, list[str]]:
    """Numbers from a text column ("1 234", "512,0"); missing markers give null, never 0. Counts must be whole."""
    outcomes = {value: _parsed_value(value, kind) for value in pd.unique(frame[column])}  # a series repeats them
    numbers = [outcomes[value] if value in outcomes else _parsed_value(value, kind)  # NaN is not itself
               for value in frame[column]]
    problems = [problem_at(frame.loc[index], f"{quoted(value)} {number}", label)
                for index, value, number in zip(frame.index, frame[column], numbers, strict=True)
                if isinstance(number, str)]
    return pd.Series([None if isinstance(n, str) else n for n in numbers], index=frame.index,
                     dtype="Float64"), problems


def _parsed_value(value: object, kind: str) -> float | str | None:
    """The number a cell holds, or (a text) why it is not one of this kind."""
    try:
        number = parse_number(value, not_data_rules().missing_markers)
    except NotANumber:
        return f"n'est pas un nombre ; attendu : {_EXPECTED[kind]}"
    negative = kind in _NON_NEGATIVE and number is not None and number < 0
    if negative or (number is not None and kind == "count" and not float(number).is_integer()):
        return f"n'est pas {_EXPECTED[kind].split(',')[0]}"
    return number


def parse_enrolments(frame: pd.DataFrame, raw_column: str = "value_raw") -> tuple[pd.Series, list[str]]:
    """Pupils per collège: whole numbers, and none past the plausible bound (refused with its cell)."""
    counts, problems = parse_values(frame, raw_column, "count")
    implausible = (counts > enrolment_bound()).fillna(False)
    problems += [problem_at(frame.loc[index], f"{quoted(frame.loc[index, raw_column])} : {enrolment_bound_reason()} ; "
                            "vérifiez la cellule (un total, ou une faute de frappe ?)")
                 for index in counts.index[implausible]]
    return counts.mask(implausible), problems


def parse_phones(frame: pd.DataFrame, column: str, label: str) -> tuple[pd.Series, list[str]]:
    """Phone numbers as ten digits; a cell that holds something else is an error naming it."""
    phones = pd.Series([normalise_phone(value) if pd.notna(value) else None for value in frame[column]],
                       index=frame.index, dtype="string")
    refused = frame[frame[column].notna() & phones.isna()]
    problems = [problem_at(row, f"{quoted(row[column])} n'est pas un numéro de téléphone français à dix chiffres",
                           label)
                for _, row in refused.iterrows()]
    return phones.astype("string"), problems


_WEB_SCHEMES = ("http://", "https://", "mailto:")
_BARE_SITE = re.compile(r"^[^\s:/]+\.[^\s:/]+(/\S*)?$")  # « www.univ-lemans.fr », « ac-nantes.fr/x »: no scheme


def web_address(value: str, missing_markers: frozenset[str] = frozenset()) -> str | None:
    """An http(s) or mailto address as published: « www.univ-lemans.fr » gets its https://. Quotes and angle
    brackets are kept (every page escapes them; a real directory writes « https://"x".e-lyco.fr »).
    Raises ValueError for a javascript:, data:, file: or any other scheme, or a text that is no address (it holds
    a space); a missing marker (« - », « nc ») is None."""
    text = cell_text(value)
    if not text or normalise_label(text) in missing_markers or text in missing_markers:
        return None
    if text.lower().startswith(_WEB_SCHEMES) and not re.search(r"\s", text):
        return text
    if _BARE_SITE.match(text):
        return f"https://{text}"
    raise ValueError(text)


def parse_web_addresses(frame: pd.DataFrame, column: str, label: str) -> tuple[pd.Series, list[str]]:
    """Web addresses only: one that would run a script where it is shown as a link is an error naming its cell."""
    missing = not_data_rules().missing_markers
    addresses, refused = [], []
    for position, value in enumerate(frame[column]):
        try:
            addresses.append(web_address(value, missing) if pd.notna(value) else None)
        except ValueError:
            addresses.append(None)
            refused.append(position)
    problems = [problem_at(frame.iloc[p], f"{quoted(frame[column].iloc[p])} n'est pas une adresse web ; attendu : une "
                           "adresse qui commence par https://, http:// ou mailto: (ou un site tel que "
                           "www.exemple.fr)", label)
                for p in refused]
    return pd.Series(addresses, index=frame.index, dtype="string"), problems


def parse_marks(values: pd.Series) -> pd.Series:
    """Yes/no marks ("X", "oui", "✓" / blank, "non") as 1/0; what is neither stays null."""
    rules = not_data_rules()

    def mark(value: object) -> int | None:
        answer = parse_yes_no(None if pd.isna(value) else value, rules.yes_marks, rules.no_marks)
        return None if answer is None else int(answer)

    return values.map(mark).astype("Int64")


def normalise_choice(values: pd.Series, choices: dict[str, tuple[str, ...]]) -> pd.Series:
    """Map free text to one of the declared values by keyword ("PU", "public" → "Public"); else null."""
    def pick(value: object) -> str | None:
        if value is None or pd.isna(value):
            return None
        words = set(normalise_label(value).split())
        for choice, keywords in choices.items():
            if words & set(keywords) or normalise_label(value) in keywords:
                return choice
        return None

    return values.map(pick).astype("string")
