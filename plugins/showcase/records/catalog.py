"""The typed records of a site, indexed for the checks, the pages and the exports."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from showcase.records.schema import (
    AnyRecord,
    Award,
    Figure,
    Organization,
    Person,
    Project,
    RecordKind,
    Source,
    Studio,
    annotation_parts,
    model_inside,
)
from showcase.records.yamlsource import LoadedYaml, Loc

# RecordKind(name), without calling the enumeration for every record.
_KINDS = {kind.value: kind for kind in RecordKind}


@dataclass(frozen=True, slots=True)  # one per record
class Origin:
    """Where a record was written: its file and its place in that file."""

    file: LoadedYaml
    loc: Loc  # e.g. ("studios", 3) in a list file; () for the one record of a folder file
    # The kind of a record in a folder file (data/studios/<id>.yaml), which its place cannot
    # tell; None in a list file, where the place starts with the kind.
    folder_kind: RecordKind | None = None

    @property
    def kind(self) -> RecordKind:
        """The kind of the record, from its folder or from the list it is in."""
        return self.folder_kind or _KINDS[str(self.loc[0])]

    @property
    def path(self) -> str:
        """The file as shown to editors."""
        return self.file.path

    @property
    def line(self) -> int:
        """The line the record starts on."""
        return self.file.position(self.loc)[0]


@dataclass
class Catalog:
    """Every valid record, by kind and by id, in the order the files list them."""

    sources: list[Source] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    studios: list[Studio] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    origins: dict[int, Origin] = field(default_factory=dict)  # keyed by id(record)

    def of_kind(self, kind: RecordKind) -> list[AnyRecord]:
        """The records of one kind."""
        records: list[AnyRecord] = getattr(self, kind.value)
        return records

    def add(self, record: AnyRecord, origin: Origin, *, shared_already: bool = False) -> None:
        """Add a validated record, remembering where it was written.

        Its sets of fields written are shared at once (validation holds 100,000 records
        too, and a worker process hands them to its parent once per batch, not per record),
        unless ``shared_already``: a worker's records, shared there.
        """
        if not shared_already:
            _share_fields_sets(record, _FIELDS_SETS)
        self.of_kind(record.kind).append(record)
        self.origins[id(record)] = origin

    def __iter__(self) -> Iterator[AnyRecord]:
        for kind in RecordKind:
            yield from self.of_kind(kind)

    def __len__(self) -> int:
        return sum(len(self.of_kind(kind)) for kind in RecordKind)

    def origin(self, record: AnyRecord) -> Origin:
        """Where ``record`` was written."""
        return self.origins[id(record)]

    def settle(self) -> None:
        """Let go of what only loading and checking needed, for a catalog kept to the end.

        A build holds the catalog while it writes every page: the files' values as parsed
        go (positions in them still come from their places or their packed text). Each
        model's set of the fields written is shared already (see :meth:`add`).
        """
        for origin in self.origins.values():
            origin.file.data = None

    def by_id(self) -> dict[str, AnyRecord]:
        """Each record under its id; the first one where an id is (wrongly) used twice."""
        index: dict[str, AnyRecord] = {}
        for record in self:
            index.setdefault(record.id, record)
        return index


# The sets of fields written, one per distinct set, shared by the records of this process
# (a few hundred at most: the fields a model has, in the combinations the data writes).
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _share_fields_sets(value: Any, shared: dict[frozenset[str], set[str]]) -> None:
    """Give ``value`` and the models inside it the one set of ``shared`` equal to theirs.

    pydantic makes a set of the fields written for every model (700 bytes for a dozen
    fields, a third of a record's memory); the models are frozen, so it never adds to it.
    """
    if isinstance(value, BaseModel) and value.model_config.get("frozen"):
        own = value.__pydantic_fields_set__
        same = shared.setdefault(frozenset(own), own)
        if same is not own:
            # As pydantic's own model_construct sets it: the model is frozen to __setattr__.
            object.__setattr__(value, "__pydantic_fields_set__", same)
        values = value.__dict__
        for name in _fields_holding_models(type(value)):
            # Only the fields that can hold a model, not each of a record's texts: this runs
            # for every record.
            inner = values.get(name)
            if isinstance(inner, _HOLDERS):
                _share_fields_sets(inner, shared)
    elif isinstance(value, list | tuple):
        for inner in value:
            if isinstance(inner, _HOLDERS):
                _share_fields_sets(inner, shared)


@functools.cache
def _fields_holding_models(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type has a model in it (a part, a list of parts…),
    or may hold anything."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if model_inside(info.annotation) is not None
        or any(part is Any or part is object for part in annotation_parts(info.annotation))
    )


# What may hold a model.
_HOLDERS = (BaseModel, list, tuple)
