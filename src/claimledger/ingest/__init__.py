"""Reading inputs into ``Document`` records: files, folders, JSONL, WARC, manifests."""

from claimledger.ingest.readers import iter_documents, read_manifest

__all__ = ["iter_documents", "read_manifest"]
