"""Engines that other packages bring: the ``glossator.engines`` entry-point group.

A desk with its own engine (an in-house server, a vendor's API) ships it as a
package that declares, in its ``pyproject.toml``::

    [project.entry-points."glossator.engines"]
    inhouse = "desk_mt.engine:InhouseEngine"

The object named there is called with no argument and must give an
:class:`~.base.Engine`. ``inhouse`` is then an engine like the built-in ones:
``--engine inhouse``, a leg of a route (``inhouse:en-pt+apertium:pt-es``), a
row of ``glossator engines``. ``--engine auto`` never picks one, since ``auto``
chooses from measured routes. Entry points are the packaging standard for
plugins (pytest, Babel's extractors, Flask commands use them); nothing is
imported until the engine is asked for, so ``glossator --help`` stays fast.

:func:`register` adds one from Python, for programs that use Glossator as a
library and for the test suite's fake engine (tests/fake_engine.py).

A name is lower-case letters, digits and ``_``, starting with a letter (a
route's ``-`` and ``:`` separate pairs and legs). A plugin cannot take the
name of a built-in engine: the built-in one wins.

A plugin's ``translate_batch`` may take ``length_cap`` (see ``base.Engine``);
one written without it still works: :func:`make` wraps it so that the keyword
is dropped before the call. A plugin that sets ``neighbour_free = True`` gets the
first pass of many articles in one call; one that does not say gets each article's
texts in calls of their own (``base.neighbour_free``); a declaration of another shape (a
method without the pair) is refused when the engine is made.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from importlib.metadata import entry_points

from .base import Engine, EngineUnavailable, EngineWrapper, Hypothesis, LengthCap

GROUP = "glossator.engines"
NAME = re.compile(r"[a-z][a-z0-9_]*")

_registered: dict[str, Callable[[], Engine]] = {}


def register(name: str, factory: Callable[[], Engine]) -> None:
    """Make ``factory()`` available as engine ``name`` in this process."""
    if not NAME.fullmatch(name):
        raise ValueError(f"engine name {name!r}: use lower-case letters, digits and _, starting with a letter")
    _registered[name] = factory


def unregister(name: str) -> None:
    _registered.pop(name, None)


def _entry_points() -> dict:
    return {ep.name: ep for ep in entry_points(group=GROUP) if NAME.fullmatch(ep.name)}


def names() -> tuple[str, ...]:
    """Every plugin engine's name, registered ones first, then entry points (not imported)."""
    return tuple(dict.fromkeys([*_registered, *sorted(_entry_points())]))


def make(name: str) -> Engine:
    if name in _registered:
        return taking_length_cap(_declared(name, _registered[name]()))
    ep = _entry_points().get(name)
    if ep is None:
        raise EngineUnavailable(f"no engine named {name!r}", hint="check `glossator engines` for what is installed")
    try:
        factory = ep.load()
    except Exception as exc:  # any failure of a third-party import is the plugin's, named as such
        raise EngineUnavailable(f"engine plugin {name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}",
                                hint=f"reinstall the package that declares it in {GROUP}, or choose another --engine") from exc
    engine: Engine = factory()
    return taking_length_cap(_declared(name, engine))


def _declared(name: str, engine: Engine) -> Engine:
    """``engine``, once its ``neighbour_free`` (if any) is known to be a bool or a method of the pair
    (``base.neighbour_free`` calls it so): a wrong one stops the run before anything is written."""
    declared = getattr(engine, "neighbour_free", None)
    if declared is None or isinstance(declared, bool):
        return engine
    if callable(declared):
        try:
            inspect.signature(declared).bind("en", "es")
            return engine
        except ValueError:  # a signature Python cannot read (a C extension's): trust it
            return engine
        except TypeError:
            pass
    raise EngineUnavailable(f"engine plugin {name!r}: neighbour_free must be True, False or a method taking "
                            "(source, target)", hint="fix the plugin, or leave neighbour_free out: its articles "
                                                     "are then translated one call each")


def taking_length_cap(engine: Engine) -> Engine:
    """``engine`` itself if its ``translate_batch`` takes ``length_cap`` (or any keyword), else
    :class:`WithoutLengthCap` around it."""
    try:
        params = inspect.signature(engine.translate_batch).parameters.values()
    except (TypeError, ValueError):  # a signature Python cannot read (a C extension's): pass nothing new
        return WithoutLengthCap(engine)
    if any(p.name == "length_cap" or p.kind is p.VAR_KEYWORD for p in params):
        return engine
    return WithoutLengthCap(engine)


class WithoutLengthCap(EngineWrapper):
    """A plugin engine from before ``length_cap``: the cap is dropped (as engines with no length
    setting ignore it), everything else is the plugin's own."""

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        return self.engine.translate_batch(texts, source, target, n_best=n_best)

    def __getattr__(self, attr: str):  # the plugin's own attributes (a server list, settings)
        return getattr(self.engine, attr)
