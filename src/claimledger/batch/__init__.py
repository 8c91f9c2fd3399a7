"""Adapters that run the pipeline's stage functions elsewhere: ``batch.dask`` for Dask distributed.

The process pool lives in ``extract.pipeline`` (``Settings.n_process``); this package stays thin
and imports Dask only when asked.
"""
