"""How many: doctors abroad by country of training and by corridor, the ratio to doctors at home, health workers
per 10,000 at home, NHS England staff by nationality, and outflow set against the number of studies.

Frames in, frames out. A pair a destination does not report stays absent (never zero); sums say how many
destinations and which years they rest on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# The OECD year most destinations report; WHO's count of doctors at home is taken from the year nearest it.
REFERENCE_YEAR = 2018

# OECD member countries in 2018. Those with no row in doctors_abroad.csv report no table by country of training in
# these files; the atlas names them beside every sum (their doctors trained abroad are not counted).
OECD_MEMBERS_2018 = frozenset(
    {
        "AUS",
        "AUT",
        "BEL",
        "CAN",
        "CHE",
        "CHL",
        "CZE",
        "DEU",
        "DNK",
        "ESP",
        "EST",
        "FIN",
        "FRA",
        "GBR",
        "GRC",
        "HUN",
        "IRL",
        "ISL",
        "ISR",
        "ITA",
        "JPN",
        "KOR",
        "LTU",
        "LUX",
        "LVA",
        "MEX",
        "NLD",
        "NOR",
        "NZL",
        "POL",
        "PRT",
        "SVK",
        "SVN",
        "SWE",
        "TUR",
        "USA",
    }
)


def years_text(years: pd.Series) -> str:
    """'2018' or '2016, 2018': the distinct years a sum rests on."""
    return ", ".join(str(y) for y in sorted(set(years)))


def reporting_destinations(abroad: pd.DataFrame) -> pd.DataFrame:
    """destination, year, origins (how many countries of training it reports), doctors (their sum)."""
    return (
        abroad.groupby(["destination", "year"], as_index=False)
        .agg(origins=("origin", "nunique"), doctors=("doctors", "sum"))
        .sort_values("doctors", ascending=False, ignore_index=True)
    )


def silent_destinations(abroad: pd.DataFrame) -> list[str]:
    """OECD members with no table by country of training in the files."""
    return sorted(set(OECD_MEMBERS_2018) - set(abroad["destination"]))


def doctors_abroad_by_origin(abroad: pd.DataFrame) -> pd.DataFrame:
    """origin, doctors (sum over the destinations that report it), destinations (how many report it), years."""
    grouped = abroad.groupby("origin")
    frame = pd.DataFrame(
        {
            "doctors": grouped["doctors"].sum(),
            "destinations": grouped["destination"].nunique(),
            "years": grouped["year"].agg(years_text),
        }
    ).reset_index()
    return frame.sort_values(["doctors", "origin"], ascending=[False, True], ignore_index=True)


def corridors(abroad: pd.DataFrame, origin: str | None = None, top: int | None = None) -> pd.DataFrame:
    """origin, destination, year, doctors: the published pairs, largest first (``origin``: one country's only)."""
    frame = abroad if origin is None else abroad[abroad["origin"] == origin]
    frame = frame.sort_values(["doctors", "origin", "destination"], ascending=[False, True, True], ignore_index=True)
    frame = frame[["origin", "destination", "year", "doctors"]]
    return frame.head(top) if top else frame


def corridor_doctors(abroad: pd.DataFrame, origin: str, destination: str) -> pd.Series | None:
    """The published row of one corridor (year, doctors), or None when the destination does not report it."""
    rows = abroad[(abroad["origin"] == origin) & (abroad["destination"] == destination)]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


@dataclass(frozen=True)
class AtHome:
    year: int
    number: float | None
    per_10000: float | None


def at_home(workforce: pd.DataFrame, country: str, cadre: str, measure: str, near: int | None = None) -> AtHome | None:
    """WHO's figure for a country and cadre: the latest year with ``measure`` (number or per_10000), or the year
    nearest ``near`` (the later of two as near). None when the country reports none."""
    rows = workforce[(workforce["country"] == country) & (workforce["cadre"] == cadre) & workforce[measure].notna()]
    if rows.empty:
        return None
    if near is None:
        row = rows.loc[rows["year"].idxmax()]
    else:
        distance = (rows["year"] - near).abs() * 10_000 - rows["year"]
        row = rows.loc[distance.idxmin()]
    value = lambda column: None if pd.isna(row[column]) else float(row[column])  # noqa: E731
    return AtHome(int(row["year"]), value("number"), value("per_10000"))


def per_100_at_home(abroad: pd.DataFrame, workforce: pd.DataFrame) -> pd.DataFrame:
    """origin, doctors (abroad), destinations, years, home_doctors, home_year, per_100: doctors abroad per 100
    doctors at home (WHO's count of the year nearest REFERENCE_YEAR); empty where WHO has no count."""
    by_origin = doctors_abroad_by_origin(abroad)
    doctors = workforce[(workforce["cadre"] == "doctors") & workforce["number"].notna()]
    doctors = doctors.assign(distance=(doctors["year"] - REFERENCE_YEAR).abs() * 10_000 - doctors["year"])
    nearest = doctors.loc[doctors.groupby("country")["distance"].idxmin(), ["country", "year", "number"]]
    nearest = nearest.rename(columns={"country": "origin", "year": "home_year", "number": "home_doctors"})
    frame = by_origin.merge(nearest, on="origin", how="left")
    frame["per_100"] = (100 * frame["doctors"] / frame["home_doctors"]).where(frame["home_doctors"] > 0)
    frame["home_year"] = frame["home_year"].astype("Int64")
    return frame


def nhs_staff_of(nhs: pd.DataFrame, country: str, groups: dict[str, str]) -> pd.DataFrame:
    """staff_group, date, fte of one country's nationals in NHS England, for ``groups`` (in that order)."""
    rows = nhs[(nhs["country"] == country) & nhs["staff_group"].isin(list(groups))]
    frame = rows.groupby(["staff_group", "date"], as_index=False)["fte"].sum()
    order = {group: i for i, group in enumerate(groups)}
    return frame.sort_values(["staff_group", "date"], key=lambda s: s.map(order) if s.name == "staff_group" else s)


def nhs_nationalities(nhs: pd.DataFrame, staff_group: str, date: str) -> pd.DataFrame:
    """country, fte: staff of a group in NHS England by nationality read as a country, largest first (the UK's own
    nationals and nationalities naming no single country left out)."""
    rows = nhs[(nhs["staff_group"] == staff_group) & (nhs["date"] == date) & (nhs["country"] != "")]
    rows = rows[rows["country"] != "GBR"]
    frame = rows.groupby("country", as_index=False)["fte"].sum()
    return frame.sort_values(["fte", "country"], ascending=[False, True], ignore_index=True)


def evidence_gaps(ratio: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """origin, doctors, per_100, home_year, years, studies: countries of training with doctors abroad, beside how
    many studies of the atlas come from them (0 where none), most doctors abroad per study first.

    ``studies``: iso3, studies (studies per source country)."""
    counts = studies.set_index("iso3")["studies"]
    frame = ratio.assign(studies=ratio["origin"].map(counts).fillna(0).astype(int))
    # The evidence base is of low- and middle-income countries; OECD members stand outside it.
    frame = frame[(frame["doctors"] > 0) & ~frame["origin"].isin(OECD_MEMBERS_2018)]
    frame = frame.assign(doctors_per_study=frame["doctors"] / frame["studies"].clip(lower=1))
    return frame.sort_values(["doctors_per_study", "doctors"], ascending=[False, False], ignore_index=True).drop(
        columns="doctors_per_study"
    )


@dataclass(frozen=True)
class AbroadSum:
    doctors: int
    destinations: int  # how many reporting destinations the sum rests on
    years: str


def abroad_sum(abroad: pd.DataFrame, origin: str | None = None) -> AbroadSum:
    """Doctors abroad trained in ``origin`` (None: trained anywhere but their destination), over the reporting
    destinations, with the years they report."""
    rows = abroad if origin is None else abroad[abroad["origin"] == origin]
    return AbroadSum(int(rows["doctors"].sum()), int(rows["destination"].nunique()), years_text(rows["year"]))


@dataclass(frozen=True)
class AgainstThreshold:
    per_10000: float  # the country's latest density of each of the threshold's cadres, added
    years: str  # the years of those densities
    threshold: float
    below: bool


def against_threshold(
    workforce: pd.DataFrame, cadres: tuple[str, ...], threshold: float, country: str
) -> AgainstThreshold | None:
    """A country's health workers per 10,000 of ``cadres`` (each cadre's latest year) beside a threshold, or None
    when WHO has no density for one of the cadres (a sum without it would read too low)."""
    found = [at_home(workforce, country, cadre, "per_10000") for cadre in cadres]
    if any(f is None or f.per_10000 is None for f in found):
        return None
    total = round(sum(f.per_10000 for f in found if f and f.per_10000 is not None), 2)
    years = years_text(pd.Series([f.year for f in found if f]))
    return AgainstThreshold(total, years, threshold, total < threshold)
