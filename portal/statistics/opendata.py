"""The figures as open data: CSV and JSON rows with the same cells as the pages, and a Frictionless Data
package that describes them (fields, types, meaning, licence CC0)."""

from __future__ import annotations

import csv
import io

from portal.statistics.figures import BUCKETS, COMPLEMENT, PUBLISHED, SMALL, Month, Row

MISSING = ["", SMALL, COMPLEMENT]
MEANINGS = {
    "delivered": "Messages delivered in the month (test messages never count).",
    "opened_soon": "Of those, first opened at most 72 hours after delivery.",
    "with_deadline": "Of those, messages with a deadline.",
    "opened_before_deadline": "Of the messages with a deadline, first opened on a Dutch calendar day before it.",
    "deadline_passed": "Of the messages with a deadline, those whose deadline date had come when counted.",
    "unopened_at_deadline": "Of those, not opened before the deadline: the letter went unread in time.",
    "paper_total": "Messages with a paper copy (cancelled requests not counted).",
    "paper_citizen": "Paper copies the citizen asked for.",
    "paper_helper": "Paper copies a helper asked for.",
    "paper_sender": "Paper copies the sending organisation asked for.",
    "paper_policy": "Paper copies the follow-up policy asked for (print if unread).",
    "paper_safety_net": "Paper copies the portal's safety net sent: a deadline letter printed in time for a citizen "
                        "who had not logged in since it arrived.",
}
HEAD = ["month", "final", "organisation", "organisation_name_nl", "organisation_name_en", "message_type"]


def _cell(row: Row, column: str):
    cell = row.cells[column]
    return cell.hidden or cell.value


def record(row: Row, final: bool) -> dict:
    org = row.organisation
    return {
        "month": row.month, "final": final, "organisation": org.slug if org else "",
        "organisation_name_nl": org.name_nl if org else "", "organisation_name_en": org.name_en if org else "",
        "message_type": row.message_type or "",
        **{column: _cell(row, column) for column in PUBLISHED},
        "median_time_to_open": row.median_bucket or "",
    }


def records(months: list[Month]) -> list[dict]:
    """Every published row, oldest month first: the country, then each organisation and its types."""
    return [record(row, month.final) for month in sorted(months, key=lambda m: m.month) for row in month.rows()]


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEAD + list(PUBLISHED) + ["median_time_to_open"], lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "final": "true" if row["final"] else "false"})
    return out.getvalue()


def schema() -> dict:
    text = [
        {"name": "month", "type": "yearmonth", "description": "The Dutch calendar month of delivery."},
        {"name": "final", "type": "boolean", "description": "true: the month's figures will not change again."},
        {"name": "organisation", "type": "string",
         "description": "The organisation's short name; empty: the whole country."},
        {"name": "organisation_name_nl", "type": "string", "description": "Its name in Dutch."},
        {"name": "organisation_name_en", "type": "string", "description": "Its name in English."},
        {"name": "message_type", "type": "string", "description": "The sender's message type; empty: all types."},
    ]
    counts = [{"name": column, "type": "integer", "constraints": {"minimum": 10},
               "description": MEANINGS[column] + " Hidden: 'fewer-than-10', or 'hidden' so that a small figure "
                                                  "cannot be worked out by subtraction."}
              for column in PUBLISHED]
    median = [{"name": "median_time_to_open", "type": "string", "constraints": {"enum": list(BUCKETS)},
               "description": "The time band holding the median time from delivery to first opening: open_1h is "
                              "at most 1 hour, open_4h at most 4 hours, … open_30d at most 30 days, open_later "
                              "more than 30 days. Empty: fewer than 10 messages opened."}]
    return {"fields": text + counts + median, "missingValues": MISSING}


def datapackage(*, csv_path: str = "data.csv") -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "overheidspost-open-statistics",
        "title": "Overheidspost: are government letters opened?",
        "description": "Per month, organisation and message type: messages delivered, opened within 3 days, "
                       "opened before the deadline, not opened before the deadline passed, paper copies and who "
                       "asked for them. Counts below 10 are hidden, and so are the counts that would reveal them.",
        "licenses": [{"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal",
                      "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "resources": [{"name": "statistics", "path": csv_path, "profile": "tabular-data-resource",
                       "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema()}],
    }
