"""Plural terms and case adaptation when a term is written into a translation."""

from __future__ import annotations

import pytest

from glossator.translate.enforce import adapt_case
from glossator.translate.inflect import plural


@pytest.mark.parametrize("text, lang, expected", [
    ("sintoma", "pt", "sintomas"), ("febre", "pt", "febres"), ("caso confirmado", "pt", "casos confirmados"),
    ("ação", "pt", "ações"), ("pangolim", "pt", "pangolins"), ("hospital", "pt", "hospitais"),
    ("vírus", "pt", "vírus"), ("papel", "pt", "papéis"), ("sesión", "es", "sesiones"),
    ("lavado de manos", "es", "lavados de manos"), ("crisis", "es", "crisis"), ("nariz", "es", "narices"),
    ("infección respiratoria aguda", "es", "infecciones respiratorias agudas"),
    ("Instituto Confucio", "es", "Institutos Confucio"), ("OMC", "es", "OMC"), ("孔子学院", "zh", None),
])
def test_plural(text, lang, expected):
    assert plural(text, lang) == expected


@pytest.mark.parametrize("value, surface, cs, expected", [
    ("Bronquitis aguda", "acute bronchitis", False, "bronquitis aguda"),
    ("Bronquitis aguda", "Acute bronchitis", False, "Bronquitis aguda"),
    ("Organización Mundial del Comercio", "world trade organization", False, "Organización Mundial del Comercio"),
    ("China Hoy", "china hoy", True, "China Hoy"),
    ("Wuhan", "wuhan", False, "wuhan"),
])
def test_adapt_case(value, surface, cs, expected):
    assert adapt_case(value, surface, cs) == expected


def test_plural_source_mention_writes_the_plural_term(seeded):
    from glossator.translate import constraints as cons
    from glossator.translate.pipeline import Enforcer

    enf = Enforcer(seeded)
    [m] = enf.matcher.find("68 Confucius Institutes")
    [c] = cons.build([m], enf.concepts, "es")
    assert c.forms == ("Institutos Confucio", "Instituto Confucio") and c.value == "Institutos Confucio"
    assert not cons.missing("68 Institutos Confucio", [c]) and not cons.missing("el Instituto Confucio", [c])
