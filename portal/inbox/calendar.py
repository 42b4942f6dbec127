"""A deadline as an iCalendar (.ics) all-day event on the last day to act, written by the icalendar library
(RFC 5545 escaping of backslashes, commas, semicolons and line breaks, and line folding, are its work)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import icalendar

from portal import deadlines
from portal.models import Message

# TEXT values may not hold control characters (RFC 5545 3.3.11) except line breaks, which icalendar escapes;
# a calendar program shown a NUL or an escape sequence may cut the text there or show garbage.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def deadline_event(message: Message, *, title: str, description: str, url: str, now: datetime) -> bytes:
    event = icalendar.Event()
    event.add("uid", f"{message.public_id}@portal")
    event.add("dtstamp", now.replace(tzinfo=UTC))  # `now` is naive UTC; DTSTAMP must say so (…Z)
    event.add("dtstart", deadlines.last_day_to_act(message.deadline))
    event.add("dtend", message.deadline)
    event.add("summary", _text(title))
    event.add("description", _text(description))
    event.add("url", url)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-3))
    alarm.add("description", _text(title))
    event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//portal//deadline//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    return calendar.to_ical()
