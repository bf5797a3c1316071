"""BCP 47 language tags, validated and named with Babel's CLDR data.

Only the subtags a terminology database needs are accepted: language,
optional script, optional region (``zh``, ``zh-Hans``, ``es-419``, ``pt-BR``,
``zh-Hant-TW``). Babel alone is not enough for validation: ``Locale.parse``
quietly maps an unknown region to a likely one (``en-ZZ`` becomes ``en_US``),
so the subtags are checked against CLDR's lists one by one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from glossator.errors import InvalidLanguageTag

_TAG = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?$"
)

_HINT = "use a BCP 47 tag such as en, zh, zh-Hans, es, es-419, pt or pt-BR"


@lru_cache(maxsize=1)
def _english() -> Locale:
    return Locale("en")


@lru_cache(maxsize=256)
def normalize(tag: str) -> str:
    """Return the canonical spelling of ``tag`` (``pt_br`` -> ``pt-BR``) or raise."""
    raw = tag.strip()
    m = _TAG.match(raw)
    if not m:
        raise InvalidLanguageTag(f"{tag!r} is not a language tag", hint=_HINT)
    lang = m["lang"].lower()
    script = m["script"].title() if m["script"] else None
    region = m["region"].upper() if m["region"] else None
    english = _english()
    if lang not in english.languages:
        raise InvalidLanguageTag(f"unknown language {lang!r} in tag {tag!r}", hint=_HINT)
    if script and (script not in english.scripts or script == "Zzzz"):
        raise InvalidLanguageTag(f"unknown script {script!r} in tag {tag!r}", hint=_HINT)
    if region and (region not in english.territories or region == "ZZ"):  # CLDR's "Unknown Region"
        raise InvalidLanguageTag(f"unknown region {region!r} in tag {tag!r}", hint=_HINT)
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as exc:
        raise InvalidLanguageTag(f"no locale data for {tag!r}", hint=_HINT) from exc
    return "-".join(part for part in (lang, script, region) if part)


def _locale(tag: str) -> Locale:
    lang, script, region = split(tag)
    return Locale(lang, territory=region, script=script)


def split(tag: str) -> tuple[str, str | None, str | None]:
    """Split a normalized tag into (language, script, region)."""
    m = _TAG.match(normalize(tag))
    assert m is not None  # normalize() has matched it already
    return m["lang"].lower(), m["script"], m["region"]


def display_name(tag: str, in_language: str = "en") -> str:
    """Human name of a tag, e.g. ``es-419`` -> ``Spanish (Latin America)``."""
    lang, script, region = split(tag)
    english = _english() if in_language == "en" else _locale(in_language)
    parts = [english.languages.get(lang, lang)]
    details = [english.scripts.get(script, script) if script else None,
               english.territories.get(region, region) if region else None]
    named = [d for d in details if d]
    return f"{parts[0]} ({', '.join(named)})" if named else parts[0]


def script_of(tag: str) -> str | None:
    """The script a tag is written in, explicit or CLDR's likely one (zh-TW -> Hant)."""
    lang, script, region = split(tag)
    if script:
        return script
    if region:
        try:
            return Locale.parse(f"{lang}_{region}").script
        except (UnknownLocaleError, ValueError):
            return None
    return None


def fallback_chain(tag: str) -> list[str]:
    """Tags to try, most specific first: ``pt-BR`` -> ``[pt-BR, pt]``.

    The bare ``zh`` of this glossary holds Simplified Chinese, so a tag whose
    script is Traditional (``zh-Hant``, ``zh-TW``, ``zh-HK``) never falls back
    to it: a Simplified term is not an acceptable Traditional rendering.
    """
    lang, script, region = split(tag)
    chain = [normalize(tag)]
    if script and region:
        chain.append(f"{lang}-{script}")
    if lang == "zh" and script_of(tag) == "Hant":
        if region and not script:
            chain.append("zh-Hant")
        return chain
    if lang == "zh" and script_of(tag) == "Hans" and "zh-Hans" not in chain:
        chain.append("zh-Hans")
    if chain[-1] != lang:
        chain.append(lang)
    return chain


def base_language(tag: str) -> str:
    return split(tag)[0]
