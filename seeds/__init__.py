"""Embedded defaults: the seed glossary (``glossary.csv``, csv-long format) and
the seed articles. A data package: it holds files, not code."""
