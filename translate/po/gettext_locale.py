"""Language tags as gettext names them, and each language's header data from Babel."""

from __future__ import annotations

from babel import Locale
from babel.messages.plurals import get_plural

from glossator.glossary import langtags


def gettext_name(tag: str) -> str:
    """``es`` -> ``es``, ``pt-BR`` -> ``pt_BR``, ``zh-Hant`` -> ``zh_Hant``; bare ``zh`` -> ``zh_CN``.

    The glossary's bare ``zh`` is Simplified Chinese as used in mainland
    China, which gettext (and Poedit, Weblate) name ``zh_CN``.
    """
    lang, script, region = langtags.split(tag)
    if lang == "zh" and not script and not region:
        return "zh_CN"
    return "_".join(p for p in (lang, script, region) if p)


def plural_forms(tag: str) -> str:
    """The Plural-Forms header value from CLDR data, e.g. ``nplurals=2; plural=(n != 1);``."""
    lang, script, region = langtags.split(tag)
    locale = Locale(lang, territory=region, script=script)
    return get_plural(locale).plural_forms


def team_name(tag: str) -> str:
    return langtags.display_name(tag)
