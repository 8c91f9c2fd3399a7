"""Read-only views of a ledger: the JSON contract, CSV/GeoJSON exports, web pages, the report."""
