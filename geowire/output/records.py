"""Records derived from the data model: one description of a flat record, every encoding made from it.

A flat record is one model object (an event, an actor, a document, ...) as one row. Its columns
come from the fields of the pydantic class in `geowire.model`, walked once by `columns()`:

    columns(Event)  →  type:str  mode:str  context:list  actors:list ...  negated:bool ...
                       start:int  end:int  (a span is two integer columns)  confidence:float
    columns(Quote)  →  ... start:int end:int ... speaker_span_start:int speaker_span_end:int ...

From those columns are made the SQLite tables and INSERTs of the store (`geowire.kb.store`), the
flat tables of `geowire export` and `geowire batch` (`geowire.output.tables`), their Parquet
schemas, the DataFrames of `geowire.kb.query` and so the API and the CLI. Adding a field to a
model class adds it everywhere; a column that is not a model field (a document id, a merged id,
a count) is declared explicitly where its table is.

One rule for every output: lists are lists (JSON arrays, Parquet list columns, Python lists in
DataFrames) and flags are booleans. Only the text formats that have no lists hold them as JSON
text: SQLite columns and CSV cells.

Libraries checked: pydantic-to-pyarrow and pydantic-arrow turn a model into an Arrow schema, but
the whole model as it is (no span as `start`/`end`, no column that is not a field) and for Arrow
only; sqlite-utils creates tables from dicts, not from a class, and hands JSON columns back as
text; SQLModel would make the model classes SQL tables, and model.py stays as it is. One short walk
over `model_fields` serves SQLite, Arrow and pandas alike, so it is written here.
"""
from __future__ import annotations

import json
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from pydantic import BaseModel

# Column kinds. "list": a list (of strings, spans or model objects); "object": a mapping (a model
# object, or an untyped dict such as a merged record's per-field sources).
SCALAR_KINDS = {str: "str", int: "int", float: "float", bool: "bool"}
CONTAINER_KINDS = ("list", "object")


@dataclass(frozen=True)
class Column:
    """One column of a flat record."""
    name: str
    kind: str  # str, int, float, bool, list or object
    annotation: Any = None  # the model type of the value, for nested Arrow types (None: by kind)
    required: bool = False  # never null
    field: Optional[str] = None  # the model field it holds (both `start` and `end` hold `span`)
    part: Optional[int] = None  # of a span field: 0 for its start, 1 for its end


def _unwrap(annotation) -> tuple[Any, bool]:
    """The type inside Optional[...], and whether None is allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        if set(args) <= {int, float}:
            return float, optional
        return annotation, optional
    return annotation, False


def _is_span(annotation) -> bool:
    return typing.get_origin(annotation) is tuple and typing.get_args(annotation) == (int, int)


def kind_of(annotation) -> str:
    """The column kind of a (non-optional) model type; a span is "span" (two columns)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return SCALAR_KINDS[type(typing.get_args(annotation)[0])]
    if _is_span(annotation):
        return "span"
    if origin in (list, tuple):
        return "list"
    if origin is dict or annotation is dict or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return "object"
    if annotation in SCALAR_KINDS:
        return SCALAR_KINDS[annotation]
    raise TypeError(f"no column kind for {annotation!r}")


def columns(model: type[BaseModel], exclude: Iterable[str] = (), rename: Optional[dict[str, str]] = None,
            only: Optional[Iterable[str]] = None) -> list[Column]:
    """The columns of a model class, in field order (or in the order of `only`): a span becomes
    `start` and `end`; `rename` gives a field another column name (an actor's `id` → `actor_id`)."""
    rename = rename or {}
    names = list(only) if only is not None else [n for n in model.model_fields if n not in set(exclude)]
    out = []
    for name in names:
        f = model.model_fields[name]
        annotation, optional = _unwrap(f.annotation)
        required = not optional and f.default is not None
        kind = kind_of(annotation)
        if kind == "span":  # the fact's own `span` is start/end; another span field is <field>_start/_end
            prefix = "" if name == "span" else f"{rename.get(name, name)}_"
            out += [Column(f"{prefix}start", "int", int, required, name, 0),
                    Column(f"{prefix}end", "int", int, required, name, 1)]
            continue
        out.append(Column(rename.get(name, name), kind, annotation, required, name))
    return out


def by_name(cols: Iterable[Column]) -> dict[str, Column]:
    return {c.name: c for c in cols}


# ---- a record and its row ----------------------------------------------------------------------

def flat(record: dict, cols: Iterable[Column], **extra) -> dict:
    """The row of a record (a model's `model_dump(mode="json")`): each column's value, native
    (lists stay lists); `extra` gives the columns that are no model field."""
    row = {}
    for c in cols:
        if c.name in extra:
            row[c.name] = extra[c.name]
        elif c.field is None:
            row[c.name] = None
        elif c.part is not None:
            span = record.get(c.field)
            row[c.name] = None if span is None else span[c.part]
        else:
            row[c.name] = record.get(c.field)
    return row


def fields(row: dict, cols: Iterable[Column]) -> dict:
    """The model fields of a row (the inverse of `flat`); a null in a required column is left out."""
    values: dict = {}
    for c in cols:
        if c.field is None or c.name not in row or (row[c.name] is None and c.required):
            continue  # a required field that is missing is left to the model's default or error
        if c.part is not None:  # both halves of a span, or none
            span = values.setdefault(c.field, [None, None])
            if span is not None:
                span[c.part] = row[c.name]
                if c.part == 1:
                    values[c.field] = None if None in span else tuple(span)
        else:
            values[c.field] = row[c.name]
    return values


# ---- SQLite ---------------------------------------------------------------------------------------

SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "list": "TEXT", "object": "TEXT"}


def quote(name: str) -> str:
    return f'"{name}"'


def sql_definition(c: Column, references: Optional[str] = None, primary_key: bool = False) -> str:
    """A column definition: type, NOT NULL for required fields, CHECK for flags.

    Literal fields get no CHECK: the model validates them, and a value added to a Literal would
    otherwise be refused by every store created before."""
    parts = [quote(c.name), SQL_TYPES[c.kind]]
    if primary_key:
        parts.append("PRIMARY KEY")
    if c.required:
        parts.append("NOT NULL")
    if c.kind == "bool":
        parts.append(f"CHECK ({quote(c.name)} IN (0, 1))")
    if references:
        parts.append(f"REFERENCES {references}")
    return " ".join(parts)


def to_sql(c: Column, value):
    """A value as SQLite keeps it: lists and objects as JSON text, flags as 0/1."""
    if value is None:
        return None
    if c.kind in CONTAINER_KINDS:
        return json.dumps(value, ensure_ascii=False)
    if c.kind == "bool":
        return int(bool(value))
    return value


def from_sql(c: Column, value):
    """A value read from SQLite, back to its kind (JSON text → list or dict, 0/1 → bool)."""
    if value is None:
        return None
    if c.kind in CONTAINER_KINDS:
        return json.loads(value) if isinstance(value, (str, bytes)) else value
    if c.kind == "bool":
        return bool(value)
    return value


# ---- Arrow (Parquet) ------------------------------------------------------------------------------

def arrow_type(c: Column):
    """A column's Arrow type: lists are list columns, model objects structs, untyped objects JSON text."""
    import pyarrow as pa

    if c.annotation is None:
        return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                "list": pa.list_(pa.string()), "object": pa.string()}[c.kind]
    return _arrow(c.annotation)


def _arrow(annotation):
    import pyarrow as pa

    annotation, _ = _unwrap(annotation)
    kind = kind_of(annotation)
    if kind == "span":
        return pa.list_(pa.int64())
    if kind == "list":
        return pa.list_(_arrow(typing.get_args(annotation)[0]))
    if kind == "object":
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return pa.struct([(name, _arrow(f.annotation)) for name, f in annotation.model_fields.items()])
        return pa.string()  # an untyped mapping: JSON text
    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}[kind]


def arrow_schema(cols: Iterable[Column]):
    import pyarrow as pa

    return pa.schema([(c.name, arrow_type(c)) for c in cols])


def arrow_table(rows: list[dict], cols: list[Column]):
    """Rows as an Arrow table of the columns' schema (untyped objects as JSON text)."""
    import pyarrow as pa

    text = [c.name for c in cols if c.kind == "object" and arrow_type(c) == pa.string()]
    if text:
        rows = [{**r, **{n: None if r.get(n) is None else json.dumps(r[n], ensure_ascii=False) for n in text}}
                for r in rows]
    return pa.Table.from_pylist(rows, schema=arrow_schema(cols))


# ---- DataFrames, JSON and CSV ----------------------------------------------------------------------

PANDAS_DTYPES = {"int": "Int64", "bool": "boolean", "float": "float64"}  # nullable: a missing value stays None


def frame(rows: list[dict], cols: list[Column]):
    """Rows as a DataFrame: Python lists in list cells, nullable integer and boolean columns."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=[c.name for c in cols])
    return df.astype({c.name: PANDAS_DTYPES[c.kind] for c in cols if c.kind in PANDAS_DTYPES})


def records(df) -> list[dict]:
    """DataFrame rows as JSON-ready dicts: missing values None, numpy scalars Python ones, lists as lists.

    The one conversion behind `geowire … --format json` and the HTTP API, so that both answer alike."""
    import pandas as pd

    def plain(v):
        if isinstance(v, (list, dict, str)) or v is None:
            return v
        if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        return v.item() if hasattr(v, "item") else v

    return [{k: plain(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def text_cells(df):
    """A DataFrame for a text format without lists (CSV): list and dict cells as JSON text."""
    return df.assign(**{c: df[c].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                        for c in df.columns if df[c].dtype == object})
