"""Glossator: offline translation and terminology toolkit for news desks.

Import root for the design card's folders: ``glossary/`` is
``glossator.glossary``, ``translate/`` is ``glossator.translate`` and
``seeds/`` is ``glossator.seeds``. Nothing here imports heavy libraries.
"""

__version__ = "0.1.0"
