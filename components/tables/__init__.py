"""Layer 2, tables: reading the data files and checking them against their schemas in datapackage.json.

May import: core.

- the contract: ``schema`` (reading the declaration), ``atlas_properties`` (its own properties checked against
  their JSON Schema), ``validation`` (checking rows), ``description`` (rules in words), ``formats`` (the custom
  cell formats), ``problems`` (what a check reports);
- ``csv_reader``: CSV text to rows; one resource's file read and checked;
- ``vocabularies``, ``evidence`` (the studies and their tidy frames), ``policy`` (options, links, records),
  ``regions`` (WHO regions), ``geo`` (country points, the base map's countries);
- ``migration_figures``: the published "how many" figures (OECD doctors abroad, WHO NHWA, NHS England staff);
- uploads: ``upload`` (an uploaded CSV or XLSX to an evidence base or problems), ``upload_limits``,
  ``xlsx_guard`` (reading a workbook without letting it spend memory).

A new data file: declare its schema in datapackage.json, read it here with ``csv_reader.read_checked_frame``.
"""

__all__ = [
    "atlas_properties",
    "csv_reader",
    "description",
    "evidence",
    "formats",
    "geo",
    "migration_figures",
    "policy",
    "problems",
    "regions",
    "schema",
    "upload",
    "upload_limits",
    "validation",
    "vocabularies",
    "xlsx_guard",
]
