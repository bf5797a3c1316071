"""The terminology database: concepts with terms in many languages.

``store.Glossary`` opens the SQLite file (``bulk`` is its one write path, streaming
in batches inside one transaction), ``model`` holds the data types and
their rules, ``schema`` the migrations, ``exchange`` and ``formats`` the CSV
and TBX import and export (and TMX's), ``tm`` the translation memory's units, ``langtags`` BCP 47 handling.
"""
