"""Inbox rules: which messages a citizen sees, in what order, and what reading or sorting them records.

Every function takes the citizen whose inbox it is and, where it changes or records something, the acting
account (the citizen, or later a helper acting for them) and `now`.
Raises NotFound for a message that is not in this citizen's inbox, whoever else it may belong to.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import SQL, fn

from portal.db import Prepared, database, is_postgres, slot, write_transaction
from portal.deadlines import last_day_to_act
from portal.errors_domain import NotFound
from portal.models import Account, Attachment, Citizen, Event, Message, Organisation
from portal.params import page_number

PAGE_SIZE = 25
FILTERS = ("all", "unread", "action", "archived", "deleted")
RESTORE_DAYS = 30
SEARCH_MAX = 100


@dataclass(frozen=True)
class InboxQuery:
    filter: str = "all"
    organisation: str = ""  # slug, or "" for every sender
    search: str = ""
    page: int = 1

    @classmethod
    def parse(cls, args) -> InboxQuery:
        """Read the list's GET parameters; anything odd falls back to the default rather than failing."""
        filter_ = args.get("filter", "all")
        page = page_number(args.get("page"))
        return cls(
            filter=filter_ if filter_ in FILTERS else "all",
            organisation=args.get("org", "")[:50],
            search=" ".join(args.get("q", "").split())[:SEARCH_MAX],
            page=page,
        )

    def args(self, **changes) -> dict:
        """URL parameters for this list with some changed; defaults left out to keep links short."""
        values = {"filter": self.filter, "org": self.organisation, "q": self.search, "page": self.page}
        values.update(changes)
        defaults = {"filter": "all", "org": "", "q": "", "page": 1}
        return {k: v for k, v in values.items() if v != defaults[k]}


@dataclass
class InboxPage:
    query: InboxQuery
    messages: list[Message]
    total: int
    sender_ids: tuple[int, ...] | None = None  # read with the page (list_inbox(senders=True)): see senders_of()
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(1, math.ceil(self.total / PAGE_SIZE))


@dataclass(frozen=True)
class Deadline:
    message: Message
    today: date

    @property
    def days_left(self) -> int:
        """Days until the letter's "before" date: 1 means today is the last day, 0 or less is overdue."""
        return (self.message.deadline - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left <= 0

    @property
    def last_day(self) -> date:
        return last_day_to_act(self.message.deadline)


def list_columns() -> tuple:
    """What a row of a list (the inbox, the deadline banners) shows, without the letters' bodies (half the bytes
    of a page's rows otherwise). `body_en` carries only its first character: enough for Message.has_english();
    a list row is for showing, never for saving or for the letter itself (get_message reads that)."""
    m = Message
    return (m.id, m.public_id, m.organisation, m.recipient, m.subject_nl, m.subject_en, m.summary_en,
            fn.SUBSTR(m.body_en, 1, 1).alias("body_en"), m.deadline, m.deadline_kind, m.delivered_at,
            m.first_opened_at, m.done_at, m.archived_at, m.deleted_at, m.is_test, Organisation)


def _filtered(citizen, query: InboxQuery, *, deleted_since):
    m = Message
    if query.filter == "deleted":
        where = [m.recipient == citizen, m.not_test(), m.deleted_at > deleted_since]
    else:
        where = [m.recipient == citizen, m.not_test(), m.deleted_at.is_null()]
        where.append(m.archived_at.is_null(False) if query.filter == "archived" else m.archived_at.is_null())
    if query.filter == "unread":
        where.append(m.first_opened_at.is_null())
    elif query.filter == "action":
        where += [m.deadline.is_null(False), m.done_at.is_null()]
    if query.organisation:
        where.append(Organisation.slug == query.organisation)
    if query.search:
        q = query.search
        where.append(
            m.subject_nl.contains(q) | m.subject_en.contains(q)
            | Organisation.name_nl.contains(q) | Organisation.name_en.contains(q)
        )
    return where


def _page_of(citizen, query: InboxQuery, *, deleted_since, offset, senders: bool = False):
    """A page of the list, with the count of all that match on each row (and, with `senders`, the ids of the
    organisations that sent the citizen mail: see senders_of()). The count is a subquery, not a window
    function: over the window PostgreSQL reads and sorts every matching row with all its columns before it keeps
    a page of them (0.74 ms for 500 letters, 0.44 ms this way), where the page alone is an index scan."""
    where = _filtered(citizen, query, deleted_since=deleted_since)
    matching = Message.select(fn.COUNT(SQL("*")))
    if query.organisation or query.search:  # only these look at the sender
        matching = matching.join(Organisation)
    matching = matching.where(*where)
    extra = [_sender_ids(citizen).alias("sender_ids")] if senders else []
    flags = [_ROW_FLAGS[name]().alias(name) for name in sorted(_ROW_FLAGS)]
    return (Message.select(*list_columns(), matching.alias("matching"), *extra, *flags).join(Organisation)
            .where(*where).order_by(Message.delivered_at.desc(), Message.id.desc()).limit(PAGE_SIZE).offset(offset))


def _sender_ids(citizen):
    """The ids of the senders of the citizen's mail, in the filter's order (by Dutch name) on PostgreSQL, whose
    order of names is its collation's; SQLite's is the order of the characters, Python's own (senders_of)."""
    sent = Message.select(Message.organisation).where(
        Message.recipient == citizen, Message.not_test(), Message.deleted_at.is_null())
    ids = fn.array_agg(Organisation.id).order_by(Organisation.name_nl) if is_postgres() else \
        fn.group_concat(Organisation.id)
    return Organisation.select(ids).where(Organisation.id.in_(sent))


# The list as nearly every visit asks for it (one of the filters, no sender chosen, no search), built once; with
# the senders for the full page, without for htmx's answer to a filter or a page; the first page without an
# OFFSET. PostgreSQL prices an OFFSET it cannot see at a tenth of the rows, so its generic plan of `OFFSET $n`
# always looked dearer than a plan made for the values, and it planned the first page, nearly every visit,
# afresh on every request: 0.37 of the statement's 0.65 ms of server CPU. Without one it keeps a plan.
_PAGES = {(name, senders, first): Prepared(lambda name=name, senders=senders, first=first: _page_of(
    slot("citizen"), InboxQuery(filter=name), deleted_since=slot("deleted_since"),
    offset=None if first else slot("offset"), senders=senders))
    for name in FILTERS for senders in (False, True) for first in (False, True)}


def list_inbox(citizen: Citizen, query: InboxQuery, *, now: datetime, senders: bool = False) -> InboxPage:
    """One page of the inbox, newest first: one query, whatever the number of messages. With `senders`, the
    same query reads what senders_of() needs."""
    deleted_since, offset = now - timedelta(days=RESTORE_DAYS), (query.page - 1) * PAGE_SIZE
    if query.organisation or query.search:
        rows = _page_of(citizen, query, deleted_since=deleted_since, offset=offset, senders=senders)
    else:
        rows = _PAGES[query.filter, senders, offset == 0].run(
            citizen=citizen.id, deleted_since=Message.deleted_at.db_value(deleted_since), offset=offset)
    messages = list(rows)
    if query.page > 1 and not messages:
        raise NotFound
    ids = None
    if senders and messages:
        ids = messages[0].sender_ids or ()
        ids = tuple(int(i) for i in ids.split(",")) if isinstance(ids, str) else tuple(ids)  # SQLite: "3,1"
    return InboxPage(query=query, messages=messages, total=messages[0].matching if messages else 0, sender_ids=ids)


_DEADLINES = Prepared(lambda: (
    Message.select(*list_columns())
    .join(Organisation)
    .where(
        Message.recipient == slot("citizen"),
        Message.not_test(),
        Message.deleted_at.is_null(),
        Message.deadline.is_null(False),
        Message.done_at.is_null(),
    )
    .order_by(Message.deadline, Message.delivered_at)))


def open_deadlines(citizen: Citizen, *, today: date) -> list[Deadline]:
    """Every deadline not yet done, archived or not: overdue first, then the nearest."""
    return [Deadline(message, today) for message in _DEADLINES.run(citizen=citizen.id)]


_SENDERS = Prepared(lambda: (
    Organisation.select()
    .where(Organisation.id.in_(Message.select(Message.organisation).where(
        Message.recipient == slot("citizen"), Message.not_test(), Message.deleted_at.is_null())))
    .order_by(Organisation.name_nl)))


def senders_of(citizen: Citizen, page: InboxPage | None = None) -> list[Organisation]:
    """The organisations that sent this citizen mail, for the filter, by Dutch name. Given a page of the inbox
    read with their ids (list_inbox(senders=True)), from that page's own rows when they hold every one of them
    (as a page of someone's newest letters nearly always does), read in the same statement: a query less on
    every inbox page. Otherwise their own query."""
    if page is not None and page.sender_ids is not None:
        shown = {m.organisation.id: m.organisation for m in page.messages}
        if all(i in shown for i in page.sender_ids):
            found = [shown[i] for i in page.sender_ids]
            return found if is_postgres() else sorted(found, key=lambda org: org.name_nl)
    return list(_SENDERS.run(citizen=citizen.id))


def _message(*flags: str):
    return (Message.select(Message, Organisation, *[_PAGE_FLAGS[name]().alias(name) for name in flags])
            .join(Organisation)
            .where(Message.recipient == slot("citizen"), Message.public_id == slot("public_id"), Message.not_test())
            .limit(1))


# The message page also shows attachments, the paper state, the deadline's moves and what the follow-up did,
# each with a query of its own, and most messages have none of them. So each feature names an EXISTS over
# the message for its own (page_flag(), at start-up), the page's read asks them with the message itself, and
# a feature skips its query where its flag says there is nothing (nothing_of()). A message read any other way
# carries no flags, and every feature asks its query as before.
_PAGE_FLAGS: dict[str, Callable] = {
    "has_attachments": lambda: fn.EXISTS(Attachment.select(Attachment.id).where(Attachment.message == Message.id)),
}
_MESSAGE = Prepared(_message)
_PAGE_MESSAGE = Prepared(lambda: _message(*sorted(_PAGE_FLAGS)))  # the flags of every feature that started


_ROW_FLAGS: dict[str, Callable] = {}  # the same, asked for each row of an inbox page


def page_flag(name: str, exists: Callable, *, rows: bool = False) -> None:
    """A feature's flag for the message page: `exists()` builds an EXISTS over Message.id (peewee). `rows`: for
    each row of an inbox page too."""
    _PAGE_FLAGS[name] = exists
    if rows:
        _ROW_FLAGS[name] = exists


def nothing_of(message: Message, flag: str) -> bool:
    """Whether the message page's read of `message` (or the inbox page's) found nothing of this kind (False when
    it did not ask)."""
    return not getattr(message, flag, True)


def get_message(citizen: Citizen, public_id: str, *, deleted: bool = False, for_page: bool = False) -> Message:
    """The citizen's message; `for_page`: with the message page's flags (page_flag())."""
    message = (_PAGE_MESSAGE if for_page else _MESSAGE).first(citizen=citizen.id, public_id=public_id)
    if message is None or (message.deleted_at is not None) != deleted:
        raise NotFound
    return message


def record(kind: str, *, citizen: Citizen, actor: Account | None, now: datetime,
           message: Message | None = None, detail: str = "") -> Event:
    return Event.create(message=message, citizen=citizen, actor=actor, kind=kind, at=now, detail=detail)


def open_message(citizen: Citizen, public_id: str, *, actor: Account, now: datetime) -> Message:
    """Fetch a message for reading and record the reading: no log, no content. A message opened before takes one
    INSERT (atomic by itself); the first opening and its reading are written in one transaction. The message
    carries the page's flags (page_flag()): what they say of still holds, as opening it writes none of that."""
    message = get_message(citizen, public_id, for_page=True)
    if message.first_opened_at is not None:
        record("read", citizen=citizen, actor=actor, now=now, message=message)
        return message
    with write_transaction():
        first = (
            Message.update(first_opened_at=now)
            .where(Message.id == message.id, Message.first_opened_at.is_null())
            .execute()
        )
        if first:  # only the request that set it reports the first opening to the sender
            message.first_opened_at = now
            record("opened", citizen=citizen, actor=actor, now=now, message=message)
        record("read", citizen=citizen, actor=actor, now=now, message=message)
    return message


def open_for_calendar(citizen: Citizen, public_id: str, *, actor: Account, now: datetime) -> Message:
    """A message's deadline and what to do, for a calendar file: logged like a reading (calendar_read)."""
    with write_transaction():
        message = get_message(citizen, public_id)
        if message.deadline:
            record("calendar_read", citizen=citizen, actor=actor, now=now, message=message)
    return message


def read_attachment(citizen: Citizen, public_id: str, attachment_id: int, *, actor: Account,
                    now: datetime) -> Attachment:
    with write_transaction():
        message = get_message(citizen, public_id)
        attachment = Attachment.get_or_none(Attachment.id == attachment_id, Attachment.message == message)
        if attachment is None:
            raise NotFound
        record("attachment_read", citizen=citizen, actor=actor, now=now, message=message,
               detail=attachment.filename)
    return attachment


_ATTACHMENTS = Prepared(lambda: (
    Attachment.select(Attachment.id, Attachment.filename, Attachment.content_type, Attachment.size)
    .where(Attachment.message == slot("message")).order_by(Attachment.id)))


def attachments_of(message: Message) -> list[Attachment]:
    """Attachment facts without their bytes."""
    return [] if nothing_of(message, "has_attachments") else list(_ATTACHMENTS.run(message=message.id))


def _set(citizen: Citizen, public_id: str, *, field_name: str, value: datetime | None, kind: str,
         actor: Account, now: datetime, deleted: bool = False) -> Message:
    with database.atomic():
        message = get_message(citizen, public_id, deleted=deleted)
        if (getattr(message, field_name) is None) == (value is None):
            return message  # already so: a double click records nothing twice
        Message.update({getattr(Message, field_name): value}).where(Message.id == message.id).execute()
        setattr(message, field_name, value)
        record(kind, citizen=citizen, actor=actor, now=now, message=message)
    return message


def set_done(citizen: Citizen, public_id: str, done: bool, *, actor: Account, now: datetime) -> Message:
    return _set(citizen, public_id, field_name="done_at", value=now if done else None,
                kind="done" if done else "not_done", actor=actor, now=now)


def set_archived(citizen: Citizen, public_id: str, archived: bool, *, actor: Account, now: datetime) -> Message:
    return _set(citizen, public_id, field_name="archived_at", value=now if archived else None,
                kind="archived" if archived else "unarchived", actor=actor, now=now)


def delete_message(citizen: Citizen, public_id: str, *, actor: Account, now: datetime) -> Message:
    return _set(citizen, public_id, field_name="deleted_at", value=now, kind="deleted", actor=actor, now=now)


def restore_message(citizen: Citizen, public_id: str, *, actor: Account, now: datetime) -> Message:
    message = get_message(citizen, public_id, deleted=True)
    if message.deleted_at <= now - timedelta(days=RESTORE_DAYS):
        raise NotFound
    return _set(citizen, public_id, field_name="deleted_at", value=None, kind="restored", actor=actor, now=now,
                deleted=True)


def unread_count(citizen: Citizen) -> int:
    return Message.visible_to(citizen).where(Message.first_opened_at.is_null()).count()

