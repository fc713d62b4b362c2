"""The document store: documents, predictions, versioned annotations, training runs and model versions.

SQLAlchemy over SQLite by default or PostgreSQL by URL; the schema is managed by Alembic migrations
(`service/store/migrations`). The HTTP routers and the `python -m training` loop commands both use `crud`.
"""
