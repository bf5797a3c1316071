from __future__ import annotations

import pytest

from glossator.errors import InvalidLanguageTag
from glossator.glossary import langtags


@pytest.mark.parametrize("raw, canonical", [
    ("en", "en"), ("zh", "zh"), ("zh-hans", "zh-Hans"), ("zh_Hant", "zh-Hant"), ("es-419", "es-419"),
    ("pt_br", "pt-BR"), ("PT-pt", "pt-PT"), ("zh-Hant-TW", "zh-Hant-TW"), (" es ", "es"),
])
def test_tags_are_normalized(raw, canonical):
    assert langtags.normalize(raw) == canonical


@pytest.mark.parametrize("bad", ["xx", "english", "en-ZZ", "es-XX", "zh-Hanz", "e", "", "en--US", "pt-BR-x"])
def test_unknown_or_malformed_tags_are_refused(bad):
    with pytest.raises(InvalidLanguageTag):
        langtags.normalize(bad)


def test_display_names_come_from_babel():
    assert langtags.display_name("es-419") == "Spanish (Latin America)"
    assert langtags.display_name("zh-Hans") == "Chinese (Simplified)"
    assert langtags.display_name("pt-BR") == "Portuguese (Brazil)"


@pytest.mark.parametrize("tag, chain", [
    ("pt-BR", ["pt-BR", "pt"]),
    ("es-419", ["es-419", "es"]),
    ("zh-Hans", ["zh-Hans", "zh"]),
    ("zh-CN", ["zh-CN", "zh-Hans", "zh"]),
    ("zh-Hant", ["zh-Hant"]),
    ("zh-TW", ["zh-TW", "zh-Hant"]),
    ("zh-Hant-HK", ["zh-Hant-HK", "zh-Hant"]),
    ("en", ["en"]),
])
def test_fallback_chain_never_gives_simplified_for_traditional(tag, chain):
    assert langtags.fallback_chain(tag) == chain
