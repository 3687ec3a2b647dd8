"""Related cables: text embeddings in PostgreSQL (pgvector, HNSW) and the panel of
the cable page.

model (the ONNX model, no Django) → storage (the table, where the server has the
`vector` extension) → embedding (which cables need a vector; making them) → step
(the ingest's and `manage.py embed`'s step) → methods (three ways to find related
cables) → panel (what the cable page shows); documents: the model for related
reading.
"""
