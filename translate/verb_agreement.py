"""Make the verb after a plural subject term agree with it (Spanish, Portuguese).

The engine sees a placeholder where the term stands, and conjugates for a
singular name: "XP0X contendo emolientes causou". When Glossator then writes
the term in the plural because the source says "sanitizers", the verb is
left singular: "os desinfetantes para as mãos ... causou", "Desinfetantes
para as mãos não é tão eficaz" (TICO-19). agreement.py fixes the article
before the term; this fixes the clause's verb after it.

Deliberately narrow, because without a tagger a wrong change is worse than
none:

* only where the term opens its clause (nothing but an article before it,
  back to the start of the text or of a quotation, or to ", : ;");
* only the first verb within a few words, before any punctuation or a word
  that opens another clause ("que", "e", "quando"...);
* only a closed list of singular forms: the copulas, auxiliaries and modals
  that news text uses, and the regular preterite (pt "-ou", es "-ó"/"-ió");
* after a copula, the predicate adjective or participle takes the plural too
  ("é tão eficaz" -> "são tão eficazes"), only when its ending says it is one.

Hand-written because no maintained library conjugates these two languages
from a surface form; the lists are closed and small.
"""

from __future__ import annotations

import re

from glossator.glossary import langtags

from .agreement import OPENERS, case_like

_PT_VERBS = {
    "é": "são", "foi": "foram", "está": "estão", "era": "eram", "será": "serão", "seria": "seriam",
    "estava": "estavam", "esteve": "estiveram", "tem": "têm", "tinha": "tinham", "teve": "tiveram",
    "pode": "podem", "podia": "podiam", "poderá": "poderão", "poderia": "poderiam", "deve": "devem",
    "deveria": "deveriam", "vai": "vão", "continua": "continuam", "permanece": "permanecem", "fica": "ficam",
    "parece": "parecem", "torna": "tornam", "tornou": "tornaram", "precisa": "precisam",
}
_ES_VERBS = {
    "es": "son", "fue": "fueron", "está": "están", "era": "eran", "será": "serán", "sería": "serían",
    "estaba": "estaban", "estuvo": "estuvieron", "tiene": "tienen", "tenía": "tenían", "tuvo": "tuvieron",
    "ha": "han", "había": "habían", "habrá": "habrán", "puede": "pueden", "podía": "podían", "podrá": "podrán",
    "podría": "podrían", "debe": "deben", "debería": "deberían", "va": "van", "sigue": "siguen",
    "continúa": "continúan", "permanece": "permanecen", "parece": "parecen", "resulta": "resultan",
}
_COPULAS = {"é", "foi", "está", "era", "será", "seria", "estava", "esteve", "parece", "fica", "permanece",
            "continua", "es", "fue", "estaba", "estuvo", "sería", "sigue", "continúa", "resulta"}
_NOT_PRETERITE = {"pt": {"ou", "sou", "vou", "dou", "estou"}, "es": {"yo", "pero"}}  # lower case: names never count
# words that open another clause: the verb after them has its own subject
_STOP_WORDS = {"pt": {"que", "e", "ou", "quando", "onde", "porque", "enquanto", "mas", "como", "embora"},
               "es": {"que", "y", "e", "o", "u", "cuando", "donde", "porque", "mientras", "pero", "como", "si",
                      "aunque"}}
_INTENSIFIERS = {"tão", "muito", "mais", "menos", "bem", "pouco", "bastante", "totalmente", "quase",
                 "tan", "muy", "más", "bien", "poco", "casi", "igualmente", "altamente"}
_ARTICLES = {"pt": {"os", "as", "o", "a", "uns", "umas", "estes", "estas", "esses", "essas", "seus", "suas"},
             "es": {"los", "las", "el", "la", "unos", "unas", "estos", "estas", "esos", "esas", "sus"}}
_ADJ_END = re.compile(r"(?:ado|ada|ido|ida|oso|osa|ivo|iva|az|ante|ente|al|ico|ica|ário|ária|ario|aria|vel|ble)$")
# irregular participles; any other ending ("isso", "esta", "efeito") is left alone
_PARTICIPLES = {"feito", "feita", "dito", "dita", "escrito", "escrita", "aberto", "aberta", "posto", "posta",
                "visto", "vista", "coberto", "coberta", "hecho", "hecha", "dicho", "dicha", "abierto", "abierta",
                "puesto", "puesta", "cubierto", "cubierta"}
_WORD = re.compile(r"[^\W\d_]+")
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")  # the next word, before any punctuation or number
_NEXT_SPACED_WORD = re.compile(r" ([^\W\d_]+)")


def _plural_adjective(word: str, lang: str, gender: str | None = None) -> str | None:
    """The plural of a predicate adjective or participle, in the subject's gender where the word
    has one (-o/-a): the engine wrote it for the placeholder, usually masculine."""
    low = word.lower()
    if not (_ADJ_END.search(low) or low in _PARTICIPLES) or low.endswith("mente") or word != low:
        return None
    if gender == "feminine" and low.endswith("o"):
        word = word[:-1] + "a"
    elif gender == "masculine" and low.endswith("a"):
        word = word[:-1] + "o"
    if low.endswith("az"):
        return word + "es" if lang == "pt" else word[:-1] + "ces"
    if low.endswith("vel"):
        return word[:-2] + "eis"  # pt: possível -> possíveis
    if low.endswith("al"):
        return word[:-1] + "is" if lang == "pt" else word + "es"
    if low[-1] in "aeo":
        return word + "s"
    return None


def _preterite_plural(word: str, lang: str) -> str | None:
    if word in _NOT_PRETERITE[lang] or len(word) < 5 or word != word.lower():
        return None
    if lang == "pt" and word.endswith("ou"):
        return word[:-2] + "aram"
    if lang == "es" and word.endswith("ió"):
        return word[:-2] + "ieron"
    if lang == "es" and word.endswith("ó"):
        return word[:-1] + "aron"
    return None


_SUBORDINATORS = {"pt": {"que", "porque", "quando", "embora", "enquanto", "pois", "onde", "se"},
                  "es": {"que", "porque", "cuando", "aunque", "mientras", "pues", "donde", "si"}}


def opens_clause(text: str, start: int, lang: str) -> bool:
    """Nothing but an article between ``start`` and the start of the text, a quotation or ", : ;";
    or an article after a subordinator ("razão que os desinfetantes ... não é"), which makes the
    term its clause's subject ("mais eficaz que desinfetantes", without one, is a comparison)."""
    head = text[:start].rstrip()
    words = _WORD.findall(head[-24:])
    article = bool(words and head.endswith(words[-1]) and words[-1].lower() in _ARTICLES[lang])
    if article:
        head = head[: len(head) - len(words[-1])].rstrip()
        if len(words) > 1 and head.endswith(words[-2]) and words[-2].lower() in _SUBORDINATORS[lang]:
            return True
    head = head.rstrip(OPENERS + "(").rstrip()
    return head == "" or head.endswith((",", ":", ";", ".", "!", "?", "—"))


def agree_verb(text: str, start: int, end: int, lang: str, gender: str | None = None, window: int = 6) -> str:
    """The text with the first verb after the plural subject ``text[start:end]`` made plural
    (and the adjective after a copula, in the subject's ``gender`` where the glossary gives one)."""
    base = langtags.base_language(lang)
    table = {"pt": _PT_VERBS, "es": _ES_VERBS}.get(base)
    if table is None or not opens_clause(text, start, base):
        return text
    pos = end
    for _ in range(window):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            return text  # punctuation, a number or the end: the clause's verb is not in reach
        word = m.group(1)
        low = word.lower()
        plural = table.get(low) or _preterite_plural(word, base)
        if plural is not None:
            plural = case_like(word, plural)
            text = text[: m.start(1)] + plural + text[m.end(1):]
            return _predicate(text, m.start(1) + len(plural), base, gender) if low in _COPULAS else text
        if low in _STOP_WORDS[base]:
            return text
        pos = m.end()
    return text


def _predicate(text: str, pos: int, lang: str, gender: str | None) -> str:
    """After a copula made plural: the adjective or participle it introduces, in the plural."""
    for _ in range(3):
        m = _NEXT_SPACED_WORD.match(text, pos)
        if m is None:
            return text
        word = m.group(1)
        if word.lower() in _INTENSIFIERS or word.lower() in ("não", "no"):
            pos = m.end()
            continue
        plural = _plural_adjective(word, lang, gender)
        return text if plural is None else text[: m.start(1)] + plural + text[m.end(1):]
    return text
