"""Cheap immutable records: tuple subclasses with a read-only property per field.

`core.gaps` and `core.scale` define their layout records with `record`, and
`ui.commands` its command table's: a NamedTuple execs generated source when
it is defined (~80-250 µs a class), and those modules are imported on the
first frame (the layout's when that is the scaled view).
A record made here costs ~7 µs to define, compares, hashes and unpacks as
the tuple it is, and reads a field through a C getter (`operator.itemgetter`).
tests/unit/test_scale_records.py keeps it so.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TypeVar

_Record = TypeVar("_Record", bound=type)


def record(cls: _Record) -> _Record:
    """Give a tuple subclass a property per annotated field, in the order they are declared.

    The class declares its fields as annotations and builds the tuple in its own `__new__`.
    """
    for index, name in enumerate(cls.__annotations__):
        setattr(cls, name, property(itemgetter(index)))
    return cls
