"""The sender API's view of paper: preferences, addresses, requests and their state (portal/paper)."""

from portal.paper.api_link import *  # noqa: F403
