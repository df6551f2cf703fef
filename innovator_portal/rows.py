"""Model instances from the rows of a query written once per process.

Every page reads the signed-in user, and a section page its assessment, with the same query each time.
Compiling such a query through the ORM for every page costs more CPU than running it, so those queries are
written once per process and database vendor, their columns named from the models, and read with a plain
cursor. `ModelColumns` is what they share: the columns of one model to select, and how to make the values
of a row into an instance as the ORM would (with each field's and the backend's converters, so that dates
and booleans come back as they do from a queryset on SQLite too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.expressions import Col

type Converter = Callable[[object, object, BaseDatabaseWrapper], object]


class ModelColumns[M: Model]:
    """Some of a model's columns, as one written query selects them from the table aliased `alias`; made once per
    database vendor (`connection` is one of that vendor's)."""

    def __init__(
        self, model: type[M], connection: BaseDatabaseWrapper, *, alias: str, exclude: Sequence[str] = ()
    ) -> None:
        self.model = model
        self.fields: list[Field] = [field for field in model._meta.concrete_fields if field.name not in exclude]
        self.attnames = [field.attname for field in self.fields]
        quote = connection.ops.quote_name
        self.sql = ", ".join(f"{alias}.{quote(str(field.column))}" for field in self.fields)
        self._converters: list[tuple[Col, list[Converter]]] = []
        for field in self.fields:
            expression = Col(alias, field)
            converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            self._converters.append((expression, converters))
        self._convert = any(converters for _, converters in self._converters)

    def __len__(self) -> int:
        return len(self.fields)

    def instance(self, values: Sequence[object], connection: BaseDatabaseWrapper) -> M:
        """The instance the values of these columns (in order) describe, as loaded from `connection` (of the
        vendor these columns were made for)."""
        if self._convert:
            values = [
                _converted(value, expression, converters, connection)
                for value, (expression, converters) in zip(values, self._converters, strict=True)
            ]
        return self.model.from_db(connection.alias, self.attnames, values)


def _converted(value, expression, converters, connection):
    for converter in converters:
        value = converter(value, expression, connection)
    return value
