"""The sizes a new message may have: read by the validator and written into the OpenAPI document alike."""

from __future__ import annotations

from portal import richtext

TEXT_LIMITS = {"subject": 200, "summary": 2000, "action": 2000}  # characters
BODY_LIMIT = richtext.LIMITS["characters"]  # per language; richtext.LIMITS bounds its structure too
POLICY_FIELDS = ("remind_after_days", "remind_days_before_deadline", "paper_days_before_deadline", "remind_every_days",
                 "remind_at_most")
MAX_ATTACHMENTS = 5
MAX_DEADLINE_YEARS = 5
