"""Make the tidy files of the "how many" layer from the raw published files kept unchanged in data/raw/.

- data/doctors_abroad.csv: OECD foreign-trained doctors (stock) by destination and country of training
- data/workforce_density.csv: WHO NHWA medical doctors and nursing and midwifery personnel, number and per 10,000
- data/nhs_england_staff.csv: NHS Digital HCHS staff in England by staff group and nationality (FTE)

Each raw file is checked against data/raw/SHA256SUMS first, so the tidy files always come from the snapshots the data
README describes. Values are copied as published (never recomputed, never filled): a pair a destination does not
report has no row. Run from the repository root:  .venv/bin/python -m scripts.build_migration_figures
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import defaultdict
from pathlib import Path

from components.core.paths import DATA_DIR

RAW_DIR = DATA_DIR / "raw"
CHECKSUMS = RAW_DIR / "SHA256SUMS"

OECD_FILES = ("oecd_health_wfmi_ftds_2018.csv", "oecd_health_wfmi_ftds_usa_2016.csv")
OECD_SOURCE = "oecd_health_wfmi"
# OECD.Stat's own aggregate rows of the USA export: "Others (not elsewhere classified)" and "Total" are not a country
# of training (and the origins do not add up to the Total), so they stay in the raw file only.
OECD_AGGREGATES = {"NS", "TOT"}

WHO_FILES = {"who_gho_medical_doctors.csv": "doctors", "who_gho_nursing_midwifery.csv": "nurses_midwives"}
WHO_SOURCE = "who_gho_nhwa"
# GHO indicator codes: (cadre, what the value is).
WHO_INDICATORS = {
    "HWF_0001": ("doctors", "per_10000"),
    "HWF_0002": ("doctors", "number"),
    "HWF_0006": ("nurses_midwives", "per_10000"),
    "HWF_0007": ("nurses_midwives", "number"),
}

NHS_FILE = "nhs_england_hchs_staff_by_nationality_2017_2018.xlsx"
NHS_SOURCE = "nhs_digital_hchs_nationality"
NHS_DATES = {"2017-SEP": "2017-09-30", "2018-JUN": "2018-06-30"}

# The atlas's reading of NHS Digital's nationality words as one country (ISO 3166-1 alpha-3). Left out, so the
# country stays empty: words that name no single country (Congolese, Dominican, Korean, Channel Islander, Dutch
# Antillean) and the unknowns.
NATIONALITY_ISO3 = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "American": "USA", "American Samoan": "ASM",
    "Angolan": "AGO", "Antiguan": "ATG", "Argentine": "ARG", "Armenian": "ARM", "Aruban": "ABW",
    "Australian": "AUS", "Austrian": "AUT", "Azerbaijani": "AZE", "Bahamian": "BHS", "Bahraini": "BHR",
    "Bangladeshi": "BGD", "Barbadian": "BRB", "Barbudan": "ATG", "Basotho": "LSO", "Belarusian": "BLR",
    "Belgian": "BEL", "Belizean": "BLZ", "Beninese": "BEN", "Bermudian": "BMU", "Bhutanese": "BTN",
    "Bolivian": "BOL", "Bosnian": "BIH", "Brazilian": "BRA", "British": "GBR", "British Virgin Islander": "VGB",
    "Bruneian": "BRN", "Bulgarian": "BGR", "Burkinabe": "BFA", "Burmese": "MMR", "Burundi": "BDI",
    "Cambodian": "KHM", "Cameroonian": "CMR", "Canadian": "CAN", "Cape Verdean": "CPV", "Caymanian": "CYM",
    "Central African": "CAF", "Chadian": "TCD", "Chilean": "CHL", "Chinese": "CHN", "Colombian": "COL",
    "Costa Rican": "CRI", "Croatian": "HRV", "Cuban": "CUB", "Cypriot": "CYP", "Czech": "CZE", "Danish": "DNK",
    "Djiboutian": "DJI", "Dutch": "NLD", "Ecuadorian": "ECU", "Egyptian": "EGY", "Emirati": "ARE",
    "English": "GBR", "Equatorial Guinean": "GNQ", "Eritrean": "ERI", "Estonian": "EST", "Ethiopian": "ETH",
    "Faroese": "FRO", "Fijian": "FJI", "Filipino": "PHL", "Finnish": "FIN", "French": "FRA",
    "French Guianese": "GUF", "French Polynesian": "PYF", "Gabonese": "GAB", "Gambian": "GMB",
    "Georgian": "GEO", "German": "DEU", "Ghanaian": "GHA", "Gibraltar": "GIB", "Greek": "GRC",
    "Grenadian": "GRD", "Guadeloupian": "GLP", "Guamanian": "GUM", "Guatemalan": "GTM", "Guinean": "GIN",
    "Guyanese": "GUY", "Haitian": "HTI", "Honduran": "HND", "Hong Kong (British/Chinese)": "HKG",
    "Hungarian": "HUN", "Icelandic": "ISL", "Indian": "IND", "Indonesian": "IDN", "Iranian": "IRN",
    "Iraqi": "IRQ", "Irish": "IRL", "Israeli": "ISR", "Italian": "ITA", "Ivorian": "CIV", "Jamaican": "JAM",
    "Japanese": "JPN", "Jordanian": "JOR", "Kazakhstani": "KAZ", "Kenyan": "KEN", "Kittitian": "KNA",
    "Kuwaiti": "KWT", "Kyrgyzstani": "KGZ", "Laotian": "LAO", "Latvian": "LVA", "Lebanese": "LBN",
    "Liberian": "LBR", "Libyan": "LBY", "Lithuanian": "LTU", "Luxembourg": "LUX", "Macedonian": "MKD",
    "Malagasy": "MDG", "Malawian": "MWI", "Malaysian": "MYS", "Maldivian": "MDV", "Malian": "MLI",
    "Maltese": "MLT", "Manx": "IMN", "Mauritanian": "MRT", "Mauritian": "MUS", "Mexican": "MEX",
    "Moldovan": "MDA", "Mongolian": "MNG", "Montenegrin": "MNE", "Montserratian": "MSR", "Moroccan": "MAR",
    "Motswana": "BWA", "Mozambican": "MOZ", "Namibian": "NAM", "Nepalese": "NPL", "New Zealander": "NZL",
    "Ni-Vanuatu": "VUT", "Nicaraguan": "NIC", "Nigerian": "NGA", "Nigerien": "NER", "Norfolk Islander": "NFK",
    "Northern Irish": "GBR", "Norwegian": "NOR", "Omani": "OMN", "Pakistani": "PAK", "Palauan": "PLW",
    "Palestinian": "PSE", "Panamanian": "PAN", "Papua New Guinean": "PNG", "Paraguayan": "PRY",
    "Peruvian": "PER", "Pitcairn Islander": "PCN", "Pohnpeian": "FSM", "Polish": "POL", "Portuguese": "PRT",
    "Qatari": "QAT", "Reunionese": "REU", "Romanian": "ROU", "Russian": "RUS", "Rwandan": "RWA",
    "Saint Helenian": "SHN", "Saint Lucian": "LCA", "Saint Vincentian": "VCT", "Salvadoran": "SLV",
    "Samoan": "WSM", "Saudi Arabian": "SAU", "Scottish": "GBR", "Senegalese": "SEN", "Serbian": "SRB",
    "Seychellois": "SYC", "Sierra Leonean": "SLE", "Singaporean": "SGP", "Slovak": "SVK", "Slovenian": "SVN",
    "Somali": "SOM", "South African": "ZAF", "South Korean": "KOR", "Spanish": "ESP", "Sri Lankan": "LKA",
    "Sudanese": "SDN", "Swazi": "SWZ", "Swedish": "SWE", "Swiss": "CHE", "Syrian": "SYR", "Taiwanese": "TWN",
    "Tajikistani": "TJK", "Tanzanian": "TZA", "Thai": "THA", "Timorese": "TLS", "Tobagonian": "TTO",
    "Togolese": "TGO", "Tongan": "TON", "Trinidadian": "TTO", "Trukese": "FSM", "Tunisian": "TUN",
    "Turkish": "TUR", "Turkmen": "TKM", "Tuvaluan": "TUV", "Ugandan": "UGA", "Ukrainian": "UKR",
    "Uruguayan": "URY", "Uzbekistani": "UZB", "Venezuelan": "VEN", "Vietnamese": "VNM", "Welsh": "GBR",
    "Yemeni": "YEM", "Zambian": "ZMB", "Zimbabwean": "ZWE",
}  # fmt: skip
NATIONALITY_NO_COUNTRY = {"Congolese", "Dominican", "Korean", "Channel Islander", "Dutch Antillean", "Unknown"}
NATIONALITY_NO_COUNTRY |= {"Unknown_RoW"}


def verify_checksums(raw_dir: Path = RAW_DIR) -> None:
    """Stop with a message when a raw file differs from the checksum it was copied with."""
    for line in (raw_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        actual = hashlib.sha256((raw_dir / name).read_bytes()).hexdigest()
        if actual != digest:
            raise SystemExit(f"{name}: sha256 {actual} differs from SHA256SUMS ({digest})")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def doctors_abroad(raw_dir: Path = RAW_DIR) -> list[dict[str, str]]:
    rows = []
    for name in OECD_FILES:
        for row in _rows(raw_dir / name):
            if row["VAR"] != "FTDS" or row["CO2"] in OECD_AGGREGATES:
                continue
            rows.append(
                {
                    "destination": row["COU"],
                    "origin": row["CO2"],
                    "year": row["YEA"],
                    "doctors": row["Value"],
                    "source": OECD_SOURCE,
                }
            )
    return sorted(rows, key=lambda r: (r["destination"], r["origin"], r["year"]))


def workforce_density(raw_dir: Path = RAW_DIR) -> list[dict[str, str]]:
    cells: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for name in WHO_FILES:
        for row in _rows(raw_dir / name):
            if row["IndicatorCode"] not in WHO_INDICATORS or row["Location type"] != "Country":
                continue
            cadre, measure = WHO_INDICATORS[row["IndicatorCode"]]
            cells[(row["SpatialDimValueCode"], cadre, row["Period"])][measure] = row["FactValueNumeric"]
    return [
        {
            "country": country,
            "cadre": cadre,
            "year": year,
            "number": values.get("number", ""),
            "per_10000": values.get("per_10000", ""),
            "source": WHO_SOURCE,
        }
        for (country, cadre, year), values in sorted(cells.items())
    ]


def nhs_england_staff(raw_dir: Path = RAW_DIR) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    book = load_workbook(raw_dir / NHS_FILE, read_only=True, data_only=True)
    sheet = book["Data"]
    records = sheet.iter_rows(values_only=True)
    header = [str(cell) for cell in next(records)]
    column = {name: header.index(name) for name in ("Month", "Staff group", "Nationality", "FTE")}
    totals: dict[tuple[str, str, str], float] = defaultdict(float)
    for record in records:
        if record[column["Month"]] is None:
            continue
        key = (NHS_DATES[record[column["Month"]]], record[column["Staff group"]], record[column["Nationality"]])
        totals[key] += float(record[column["FTE"]])
    book.close()
    unknown = {nationality for _, _, nationality in totals} - set(NATIONALITY_ISO3) - NATIONALITY_NO_COUNTRY
    if unknown:
        raise SystemExit(f"nationalities with no reading in NATIONALITY_ISO3: {sorted(unknown)}")
    return [
        {
            "date": date,
            "staff_group": group,
            "nationality": nationality,
            "country": NATIONALITY_ISO3.get(nationality, ""),
            # The sum over organisations of the published FTE (rounded per organisation by NHS Digital).
            "fte": f"{fte:.2f}",
            "source": NHS_SOURCE,
        }
        for (date, group, nationality), fte in sorted(totals.items())
    ]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


BUILDS = {
    "doctors_abroad.csv": doctors_abroad,
    "workforce_density.csv": workforce_density,
    "nhs_england_staff.csv": nhs_england_staff,
}


def main(data_dir: Path = DATA_DIR) -> None:
    verify_checksums(data_dir / "raw")
    for file, build in BUILDS.items():
        rows = build(data_dir / "raw")
        write_csv(data_dir / file, rows)
        print(f"{file}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
