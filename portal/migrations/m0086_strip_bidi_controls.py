"""Bidirectional controls are now taken out of a sender's texts at delivery (portal/bidi.py). Messages and
attachment names stored before that lose them too, so no page, e-mail or PDF shows text they reorder."""

import peewee as pw

from portal.bidi import CONTROLS

COLUMNS = {
    "message": ("reference", "subject_nl", "subject_en", "summary_nl", "summary_en", "action_nl", "action_en",
                "body_nl", "body_en"),
    "attachment": ("filename",),
}


def up(db: pw.Database) -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            cleaned = f'"{column}"'
            for _char in CONTROLS:
                cleaned = f"replace({cleaned}, {db.param}, '')"
            condition = " OR ".join(f'"{column}" LIKE {db.param}' for _char in CONTROLS)
            db.execute_sql(f'UPDATE "{table}" SET "{column}" = {cleaned} WHERE {condition}',  # noqa: S608 -- fixed names
                           (*CONTROLS, *(f"%{char}%" for char in CONTROLS)))
