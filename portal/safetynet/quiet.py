"""Quiet inbox -> paper for everything (docs/safetynet.md). Services take `now`.

Two rules, read by every follow-up run (cheap: indexes only, docs/performance.md):
- no contact (log-in, or a helper acting for them) for SAFETY_NET_QUIET_DAYS while mail kept arriving;
- the last SAFETY_NET_UNOPENED_IN_A_ROW letters with a deadline that passed, all unopened until their
  deadline (counting only deadlines after the citizen last answered a switch).
Either switches a citizen with an inbox who gets mail digitally to paper for everything, in one transaction:
Citizen.channel = paper, a ChannelSwitch row (at most one open per citizen: the database refuses a second),
the explanation letter (a message from the portal itself, printed in the next batch, asked for by
"safety_net"), a paper copy of each open unopened letter with a deadline, and a `channel_changed` event
(senders: the channel lookup answers `paper`, and a `citizen.channel_changed` webhook).
Back at a log-in the citizen answers on the welcome-back page: keep paper, or back to digital.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from peewee import JOIN, IntegrityError, fn

from portal.clock import local_today
from portal.config import PORTAL_SENDER_SLUG, PRODUCT_NAME, setting
from portal.db import database
from portal.delivery import NewMessage, Texts, deliver
from portal.models import Account, Citizen, Event, Message, Organisation
from portal.paper import services as paper
from portal.paper.addresses import address_of
from portal.safetynet import signals
from portal.safetynet.models import ChannelSwitch

LETTER_TYPE = "paper-for-everything"  # the explanation letter's message type
REASON = "channel_changed"  # why its paper copy, and those of the unread letters, were asked for
SENDER_SLUG = PORTAL_SENDER_SLUG  # the portal itself, as the sender of the explanation letter


def open_switch(citizen: Citizen | int) -> ChannelSwitch | None:
    return ChannelSwitch.get_or_none(ChannelSwitch.citizen == citizen, ChannelSwitch.answered_at.is_null())


def _digital_inboxes():
    return (Citizen.select(Citizen, Account).join(Account, on=(Citizen.account == Account.id))
            .where(Citizen.channel == "digital"))


def long_quiet(now: datetime) -> list[Citizen]:
    """Citizens with a digital inbox and no contact for SAFETY_NET_QUIET_DAYS, who got mail in that time after
    their last contact."""
    since = now - timedelta(days=setting("SAFETY_NET_QUIET_DAYS"))
    last = fn.COALESCE(Account.last_login_at, Account.created_at)
    mail_came = fn.EXISTS(Message.select(Message.id).where(
        Message.recipient == Citizen.id, Message.delivered_at >= since, Message.delivered_at > last,
        Message.not_test(), Message.deleted_at.is_null()))
    quiet = (Account.last_login_at < since) | (Account.last_login_at.is_null() & (Account.created_at < since))
    return list(_digital_inboxes().where(quiet, mail_came, ~signals.helper_acted_since(since),
                                         Citizen.address_postcode != ""))


def unopened_in_a_row(now: datetime) -> list[Citizen]:
    """Citizens with a digital inbox whose last SAFETY_NET_UNOPENED_IN_A_ROW passed deadlines were all missed:
    looked for among those with a deadline that passed in the last week (only such a letter can complete a row).
    Three queries, whatever the number of candidates."""
    today = local_today(now)
    count = setting("SAFETY_NET_UNOPENED_IN_A_ROW")
    recent = (Message.select(Message.recipient).distinct()
              .where(Message.deadline < today, Message.deadline >= today - timedelta(days=7),
                     Message.first_opened_at.is_null(), Message.not_test(), Message.deleted_at.is_null()))
    candidates = {c.id: c for c in _digital_inboxes().where(Citizen.id.in_(recent), Citizen.address_postcode != "")}
    if not candidates:
        return []
    answered = dict(ChannelSwitch.select(ChannelSwitch.citizen, fn.MAX(ChannelSwitch.answered_at))
                    .where(ChannelSwitch.citizen.in_(list(candidates))).group_by(ChannelSwitch.citizen).tuples())
    rows: dict[int, list] = {}
    letters = (Message.select(Message.recipient, Message.deadline, Message.first_opened_at)
               .where(Message.recipient.in_(list(candidates)), Message.deadline < today, Message.not_test(),
                      Message.deleted_at.is_null())
               .order_by(Message.recipient, Message.deadline.desc(), Message.id.desc()))
    for letter in letters:
        last = rows.setdefault(letter.recipient_id, [])
        since = answered.get(letter.recipient_id)
        if len(last) < count and (since is None or letter.deadline > local_today(since)):
            last.append(letter)
    return [candidates[i] for i, last in rows.items() if len(last) == count and all(_missed(m) for m in last)]


def _missed(message: Message) -> bool:
    return message.first_opened_at is None or local_today(message.first_opened_at) >= message.deadline


def run(now: datetime) -> int:
    """Switch every citizen that a rule finds. Returns how many were switched now."""
    switched = 0
    reasons = [("no_login", long_quiet(now)), ("unopened_in_a_row", unopened_in_a_row(now))]
    for reason, citizens in reasons:
        for citizen in citizens:
            switched += switch_to_paper(citizen, reason=reason, now=now) is not None
    return switched


def switch_to_paper(citizen: Citizen, *, reason: str, now: datetime) -> ChannelSwitch | None:
    """Paper for everything, the explanation letter and the events, in one transaction. None when the citizen
    is no longer digital or already has an open switch (a second run, or a run at the same time), or has no
    postal address (then nothing could be printed: an event says so, and the rule tries again next run)."""
    if address_of(citizen) is None:
        return None
    try:
        with database.atomic():
            # The open switch first: the database refuses a second one, so a run at the same time stops here.
            switch = ChannelSwitch.create(citizen=citizen, reason=reason, switched_at=now)
            if Citizen.get_by_id(citizen.id).channel != "digital":
                raise IntegrityError("no longer digital")
            # Delivered while still digital, so its paper copy is asked for by the safety net itself.
            switch.letter = _explanation_letter(citizen, reason, now=now)
            switch.save()
            Citizen.update(channel="paper").where(Citizen.id == citizen.id).execute()
            _print_open_letters(citizen, now=now)
            Event.create(citizen=citizen, actor=None, kind="channel_changed", at=now, detail=f"paper:{reason}")
    except IntegrityError:
        return None  # another run switched this citizen at the same moment
    citizen.channel = "paper"
    return switch


def _print_open_letters(citizen: Citizen, *, now: datetime) -> None:
    """Paper copies of the letters the citizen has not read whose deadline is still ahead."""
    today = local_today(now)
    letters = Message.select().where(Message.recipient == citizen, Message.first_opened_at.is_null(),
                                     Message.done_at.is_null(), Message.deleted_at.is_null(), Message.not_test(),
                                     Message.deadline >= today, Message.message_type != LETTER_TYPE)
    for message in letters:
        paper.request_paper_copy(message, requested_by="safety_net", actor=None, now=now, reason=REASON)


def portal_sender(now: datetime) -> Organisation:
    organisation = Organisation.get_or_none(Organisation.slug == SENDER_SLUG)
    if organisation is None:
        organisation = Organisation.create(slug=SENDER_SLUG, name_nl=PRODUCT_NAME, name_en=PRODUCT_NAME,
                                           created_at=now)
    return organisation


def _texts(reason: str) -> dict[str, str]:
    from portal.paper.letters import portal_address

    product, address = PRODUCT_NAME, portal_address()
    if reason == "no_login":
        summary = _("You have not logged in to %(product)s for more than a year, while mail kept arriving. "
                    "So from now on we also send all your mail on paper.", product=product)
    else:
        summary = ngettext("You did not open %(num)d letter with a deadline before the deadline in %(product)s. "
                           "So from now on we also send all your mail on paper.",
                           "You did not open %(num)d letters in a row before their deadline in %(product)s. "
                           "So from now on we also send all your mail on paper.",
                           setting("SAFETY_NET_UNOPENED_IN_A_ROW"), product=product)
    action = _("Do you want your mail only digitally again? Log in at %(address)s and choose \"Back to "
               "digital\". That is all.", address=address)
    body = "\n\n".join([
        _("Government organisations send you letters in %(product)s, your digital inbox. We noticed that you "
          "may not be reading them. We do not want you to miss a deadline.", product=product),
        _("That is why we now send all your mail to you by post as well. You do not have to do anything for "
          "that. Letters that you have not read yet and that have a deadline are on their way to you."),
        _("Do you want your mail only digitally again? Log in at %(address)s. You will see a page about this "
          "letter. Choose \"Back to digital\". From then on your mail comes only in your inbox again.",
          address=address),
        _("Do you want to keep paper? Then you do not have to do anything. You can change it at any time under "
          "Settings, Mail on paper."),
    ])
    return {"subject": _("We now send your mail on paper"), "summary": summary, "action": action, "body": body}


def _explanation_letter(citizen: Citizen, reason: str, *, now: datetime) -> Message:
    """The letter that says what happened and how to return to digital, in Dutch and English (the letter is
    printed in the citizen's language), asked for on paper by "safety_net"."""
    texts = {}
    for language in ("nl", "en"):
        with force_locale(language):
            texts[language] = _texts(reason)

    def both(name: str) -> Texts:
        return Texts(texts["nl"][name], texts["en"][name])

    message = deliver(NewMessage(organisation=portal_sender(now), recipient=citizen, message_type=LETTER_TYPE,
                                 subject=both("subject"), summary=both("summary"), body=both("body"),
                                 action=both("action")), now=now)
    Message.update(channel="paper").where(Message.id == message.id).execute()
    paper.request_paper_copy(message, requested_by="safety_net", actor=None, now=now, reason=REASON)
    return message


def answer(citizen: Citizen, choice: str, *, actor: Account | None, now: datetime) -> ChannelSwitch | None:
    """The citizen's answer on the welcome-back page: "paper" keeps paper for everything, "digital" goes back
    to digital mail only. Returns the switch answered now, or None when there was none open (a second click).
    Raises ValueError for another choice."""
    if choice not in ("paper", "digital"):
        raise ValueError(choice)
    with database.atomic():
        switch = open_switch(citizen)
        if switch is None:
            return None
        done = ChannelSwitch.update(answered_at=now, answer=choice).where(
            ChannelSwitch.id == switch.id, ChannelSwitch.answered_at.is_null()).execute()
        if not done:
            return None
        if choice == "digital":
            Citizen.update(channel="digital").where(Citizen.id == citizen.id).execute()
            citizen.channel = "digital"
            Event.create(citizen=citizen, actor=actor, kind="channel_changed", at=now, detail="digital:citizen")
        else:
            Event.create(citizen=citizen, actor=actor, kind="channel_kept", at=now, detail="paper:citizen")
    switch.answered_at, switch.answer = now, choice
    return switch


def states(now: datetime) -> dict[str, int]:
    """How many citizens are in each state, for the operator (`portal followup status`)."""
    quiet_since = now - timedelta(days=setting("SAFETY_NET_QUIET_DAYS"))
    with_inbox = Citizen.select().where(Citizen.account.is_null(False))
    open_switches = ChannelSwitch.select(ChannelSwitch.citizen).where(ChannelSwitch.answered_at.is_null())
    no_alerts = (Citizen.select(Citizen.id).join(Account, on=(Citizen.account == Account.id))
                 .switch(Citizen).join(signals.AlertSetting, JOIN.LEFT_OUTER,
                                       on=(signals.AlertSetting.citizen == Citizen.id))
                 .where(Citizen.channel == "digital", signals.no_working_alerts()))
    quiet = (Citizen.select(Citizen.id).join(Account, on=(Citizen.account == Account.id))
             .where(Citizen.channel == "digital", fn.COALESCE(Account.last_login_at, Account.created_at) < quiet_since))
    return {
        "no inbox (paper)": Citizen.select().where(Citizen.account.is_null()).count(),
        "digital": with_inbox.where(Citizen.channel == "digital").count(),
        "digital, alerts do not reach them": no_alerts.count(),
        "digital, no contact for a year": quiet.count(),
        "paper by own choice (or kept after a switch)": with_inbox.where(
            Citizen.channel == "paper", Citizen.id.not_in(open_switches)).count(),
        "paper by the safety net, not back yet": with_inbox.where(Citizen.id.in_(open_switches)).count(),
    }


def unopened_share(now: datetime, *, days: int = 90) -> tuple[int, int]:
    """Live letters delivered in the last `days` days, and how many of them are still unopened."""
    recent = Message.select().where(Message.delivered_at >= now - timedelta(days=days), Message.not_test(),
                                    Message.deleted_at.is_null())
    return recent.count(), recent.where(Message.first_opened_at.is_null()).count()
