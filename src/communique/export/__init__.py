"""export stage: PLOVER, GDELT, CSV and Parquet renderings of stored or fresh events."""

from communique.export.document import to_document
from communique.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, export_gdelt
from communique.export.plover import to_plover, to_plover_records
from communique.export.tables import export_csv, export_parquet, export_plover, import_parquet

__all__ = [
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "export_csv",
    "export_gdelt",
    "export_parquet",
    "export_plover",
    "import_parquet",
    "to_document",
    "to_plover",
    "to_plover_records",
]
