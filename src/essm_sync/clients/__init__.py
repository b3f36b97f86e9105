"""Async clients of TermTime and Booker: auth, paging, retries and typed errors."""

from essm_sync.clients.booker import BookerClient
from essm_sync.clients.termtime import TermTimeClient

__all__ = ["BookerClient", "TermTimeClient"]
