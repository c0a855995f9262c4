"""Models of the injury app, split by concept: code lists, code books,
registrations, import jobs and population."""

from .code_books import CodeBook, CodeMapping, SourceCode
from .codes import Code
from .imports import ImportJob
from .population import Population
from .registrations import (
    CODE_FIELDS,
    EARLIEST_INJURY_DATE,
    Registration,
    RegistrationCount,
    Sex,
    Source,
)

__all__ = [
    "CODE_FIELDS",
    "EARLIEST_INJURY_DATE",
    "Code",
    "CodeBook",
    "CodeMapping",
    "ImportJob",
    "Population",
    "Registration",
    "RegistrationCount",
    "Sex",
    "Source",
    "SourceCode",
]
