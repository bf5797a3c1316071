"""Typed values that leave the program as text: enums print as their values, engines describe themselves alike."""

from __future__ import annotations

import csv
import io
import json

import pytest

from glossator.glossary.model import Kind, Status
from glossator.glossary.store import OnConflict
from glossator.translate.engines.base import EngineInfo
from glossator.translate.engines.select import NAMES, EngineSet, make
from glossator.translate.results import Layer


@pytest.mark.parametrize("member", [Status.DEPRECATED, Kind.ABBREVIATION, Layer.N_BEST, OnConflict.MERGE])
def test_an_enum_is_written_as_its_value_in_comments_json_and_csv(member):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([member])
    assert (f"{member}", str(member), json.dumps(member), out.getvalue()) == (
        member.value, member.value, f'"{member.value}"', f"{member.value}\n")
    assert member == member.value and {member.value: 1}[member] == 1  # a plain string finds it too


def test_every_engine_and_route_describes_itself_in_one_shape(monkeypatch):
    monkeypatch.delenv("GLOSSATOR_LIBRETRANSLATE_URLS", raising=False)
    infos = [make(n).describe() for n in NAMES] + [EngineSet().route("bergamot:en-pt+apertium:pt-es").describe()]
    assert all(isinstance(i, EngineInfo) for i in infos)
    assert [i.engine for i in infos] == [*NAMES, "bergamot:en-pt+apertium:pt-es"]
    route = infos[-1]
    assert route.pairs == ["en->es"] and route.n_best is False  # Bergamot, the first leg, gives one hypothesis
    argos, libre = infos[1], infos[0]
    assert list(argos.to_dict()) == ["engine", "pairs", "packages", "n_best", "package_dir"]
    assert list(libre.to_dict()) == ["engine", "pairs", "n_best", "servers", "install"] and libre.servers == []
    assert list(route.to_dict()) == ["engine", "pairs", "n_best"]
