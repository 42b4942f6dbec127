"""Model objects from a Prepared query's rows (portal/db.py), built as peewee's ModelCursorWrapper.process_row
builds them, without its setattr through a field descriptor for every column: that was a third of an inbox
page's Python (30 rows of 24 columns). The same objects come out: the same __data__, __rel__, other attributes
and joined objects (tests/test_prepared.py compares them with peewee's own). Only for plain shapes (each
column a field of its model, or a name the model does not have, like an alias; models without an __init__ of
their own): for any other, builder() says None and peewee's process_row does the work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import peewee


def builder(rows) -> Callable | None:
    """A process_row for rows of this shape (a ModelCursorWrapper after initialize()), or None."""
    plan = _plan(rows)
    if plan is None:
        return None
    joins, reachable, root = rows.src_to_dest, rows._dest_reachable, rows.model  # noqa: SLF001
    objects_of = _objects_function(plan)

    def process_row(row):
        objects, set_keys = objects_of(row)
        _join(objects, set_keys, joins, reachable)
        return objects[root]

    return process_row


def _plan(rows) -> list | None:
    """Per selected model: (key, model, [(column index, name, converter, type given as is, is a field)]), or
    None."""
    if type(rows) is not peewee.ModelCursorWrapper or any(is_dict for _s, _a, _d, is_dict, _o, _f in rows.src_to_dest):
        return None
    plan = {}
    for key, model, is_model in rows._constructor_list:  # noqa: SLF001
        if not is_model or model.__init__ is not peewee.Model.__init__:
            return None
        plan[key] = (key, model, [])
    for idx, key, column, converter in rows._row_spec:  # noqa: SLF001
        if key not in plan:
            return None
        model = plan[key][1]
        accessor = next((vars(k)[column] for k in model.__mro__ if column in vars(k)), None)
        converter, given = _conversion(converter)
        if accessor is None:
            plan[key][2].append((idx, column, converter, given, False))  # a name of its own: an attribute
        elif type(accessor) in (peewee.FieldAccessor, peewee.ForeignKeyAccessor) and accessor.name == column:
            plan[key][2].append((idx, column, converter, given, True))  # a field: the model's __data__
        else:
            return None
    return list(plan.values())


def _conversion(converter) -> tuple[Callable | None, type | None]:
    """The column's converter, or None where it gives back the very value both database drivers give (text as
    str and whole numbers, ids and foreign keys as int, which peewee's str and int fields return as they are:
    over an inbox page some 700 calls that changed nothing); and the one type of value it gives back as it is,
    or None (a field's python_value is `adapt`, and these adapt only other types): a row holding that type skips
    the call. PostgreSQL's driver gives timestamps, dates and booleans their Python types; SQLite's gives text
    and whole numbers, which still go through."""
    field = getattr(converter, "__self__", None)
    if type(field) is peewee.ForeignKeyField and type(field).python_value is _FOREIGN_KEY_VALUE:
        field = field.rel_field  # an object is never what the cursor gives: the key's own field decides
    if not isinstance(field, peewee.Field) or type(field).python_value is not peewee.Field.python_value:
        return converter, None
    adapt = type(field).adapt
    return (None, None) if adapt in _AS_GIVEN else (converter, _GIVEN_AS.get(adapt))


_FOREIGN_KEY_VALUE = peewee.ForeignKeyField.python_value
_GIVEN_AS = {peewee.DateTimeField.adapt: datetime, peewee.DateField.adapt: date, peewee.BooleanField.adapt: bool,
             peewee.FloatField.adapt: float}
_AS_GIVEN = (peewee._StringField.adapt, peewee.IntegerField.adapt)  # noqa: SLF001 -- CharField, TextField


def _objects_function(plan) -> Callable:
    """`row -> (objects, set_keys)`: each model's object from the row, and the models of which a column was not
    NULL. Written out as Python source for this plan, as namedtuple and dataclasses write theirs: one dict
    display per object instead of a loop over its columns (the loop was the inbox rows' largest own cost)."""
    names: dict = {"_set": set}
    lines = ["def objects(row):", "    set_keys = _set()"]
    for n, (key, model, spec) in enumerate(plan):
        names[f"key{n}"], names[f"model{n}"] = key, model
        fields, extra = [], []
        for idx, column, converter, given, is_field in spec:
            value = f"row[{idx}]"
            if converter is not None:
                names[f"convert{n}_{idx}"] = converter
                value = f"convert{n}_{idx}(row[{idx}])"
                if given is not None:
                    names[f"given{n}_{idx}"] = given
                    value = f"(row[{idx}] if row[{idx}] is None or row[{idx}].__class__ is given{n}_{idx} else {value})"
            (fields if is_field else extra).append(f"{column!r}: {value}")
        if spec:
            lines.append(f"    if {' or '.join(f'row[{idx}] is not None' for idx, *_rest in spec)}:")
            lines.append(f"        set_keys.add(key{n})")
        lines.append(f"    o{n} = model{n}.__new__(model{n})")
        if extra:
            lines.append(f"    o{n}.__dict__.update({{{', '.join(extra)}}})")
        lines.append(f"    o{n}.__data__, o{n}._dirty, o{n}.__rel__ = {{{', '.join(fields)}}}, _set(), {{}}")
    objects = ", ".join(f"key{n}: o{n}" for n in range(len(plan)))
    lines.append(f"    return {{{objects}}}, set_keys")
    exec("\n".join(lines), names)  # noqa: S102 -- our own source: column names come from the models' fields
    return names["objects"]


def _join(objects: dict, set_keys: set, joins, reachable) -> None:
    """The joined objects, assigned as peewee's process_row assigns them (an outer join's empty side: None)."""
    for src, attr, dest, _is_dict, is_outer, is_fk in joins:
        instance, joined = objects.get(src), objects.get(dest)
        if joined is None and dest not in objects:
            continue
        assign = dest not in set_keys and dest in reachable and bool(reachable[dest] & set_keys)
        if dest not in set_keys and not assign:
            if not is_outer:
                continue
            joined = None
        if src not in set_keys and dest not in set_keys and is_outer:
            continue
        if is_fk and joined is None:
            instance.__rel__[attr] = None
        else:
            setattr(instance, attr, joined)
    for instance in objects.values():
        instance._dirty.clear()  # noqa: SLF001 -- as peewee leaves objects read from a cursor
