"""Reading one article: entities, statements, quantity claims, allegations, dates.

Only this package touches spaCy; it hands back ``Extraction`` records.
"""

from claimledger.extract.pipeline import extract_documents

__all__ = ["extract_documents"]
