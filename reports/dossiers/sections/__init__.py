"""Section builders of dossiers and annual reports (see `dossiers/build.py`),
one module per subject.

Each builder takes a municipality and returns a `Section`, or None when the
municipality has nothing for it (no programme, no rows, no app holding it).
"""
