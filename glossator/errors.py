"""Domain errors. Core modules raise these; only the CLI turns them into messages.

Every error carries what went wrong, where (a file and line when there is
one) and what the user can do about it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Self


@dataclass
class GlossatorError(Exception):
    """Base of every error a user can act on."""

    message: str
    hint: str | None = None
    path: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def at(self, path: str | os.PathLike[str] | None, line: int | None = None, *,
           context: str | None = None) -> Self:
        """A copy of this error located at ``path`` and ``line``, for a reader that knows where the
        failing text came from; a place the error already names wins (the innermost reader knew best).
        ``context`` goes before the message ("header column 'xx': ...")."""
        located = replace(self, path=self.path or (os.fspath(path) if path is not None else None),
                          line=self.line or line,
                          message=f"{context}: {self.message}" if context else self.message)
        located.__cause__, located.__suppress_context__ = self.__cause__, self.__suppress_context__
        return located

    def location(self) -> str | None:
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class GlossatorWarning(UserWarning):
    """Something a user should know that does not stop the work (markup kept as
    written, for instance). Its message starts with file:line; the CLI shows it
    as one ``warning:`` line."""


class InvalidLanguageTag(GlossatorError):
    """A language tag is not BCP 47 or not known to Babel's locale data."""


class GlossaryIntegrityError(GlossatorError):
    """A change would break a rule of the terminology database."""


class ConceptNotFound(GlossatorError):
    """No concept has the given id."""


class ImportFormatError(GlossatorError):
    """An import file is malformed; nothing was written."""


class UnsafeXMLError(ImportFormatError):
    """An XML file uses entities or DTDs, which are refused."""
