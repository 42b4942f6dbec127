"""A deadline as an iCalendar (.ics) all-day event on the last day to act."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.models import Message


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue on a line starting with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)


def deadline_event(message: Message, *, title: str, description: str, url: str, now: datetime) -> str:
    last_day = message.deadline - timedelta(days=1)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//portal//deadline//NL",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{message.public_id}@portal",
        f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{last_day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{message.deadline:%Y%m%d}",
        f"SUMMARY:{_escape(title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P3D",
        f"DESCRIPTION:{_escape(title)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
