"""The one exception tree of essm-sync; the CLI maps each branch to an exit code.

```
EssmSyncError
├── ConfigError            bad settings or arguments                   exit 1
├── LockedError            another run holds the lock                  exit 1
├── ApiError               a system failed; .system .operation .key    exit 1
│   ├── AuthError          bad key, credentials or rights
│   ├── NotFoundError      no such record (TermTime 106, Booker 404)
│   ├── RejectedError      the request was refused as invalid (400)
│   ├── ConflictError      Booker 409: the room is taken
│   ├── InUseError         TermTime 114: the object is in use
│   ├── TransientError     429, 5xx, timeouts, raised once retries are spent
│   ├── UnreachableError   connection refused or unknown host: not retried
│   └── InvalidDataError   a response that does not validate
├── FileWriteError         a file the command writes could not be      exit 1, or
│                          written (a full disk)                       4 after writes
├── NotConfirmedError      apply was declined at the prompt            exit 1
├── StalePlanError         a saved plan no longer matches the systems  exit 1
└── UnsafePlanError        a safety limit tripped, nothing written     exit 3
```
"""

from __future__ import annotations


class EssmSyncError(Exception):
    """Base of every error essm-sync raises on purpose."""


class ConfigError(EssmSyncError):
    """Settings or command-line arguments are missing or invalid."""


class LockedError(EssmSyncError):
    """Another run against the same systems holds the lock."""


class ApiError(EssmSyncError):
    """A call to TermTime or Booker failed; the message is one line, free of secrets."""

    def __init__(self, system: str, operation: str, problem: str, *, key: str = "") -> None:
        self.system = system
        self.operation = operation
        self.problem = problem
        self.key = key
        super().__init__(f"{system} {operation}: {problem}")


class AuthError(ApiError):
    """The key, credentials or rights were refused."""


class NotFoundError(ApiError):
    """The record addressed does not exist."""


class RejectedError(ApiError):
    """The system refused the request as invalid; repeating it cannot help."""


class ConflictError(ApiError):
    """Booker refused a booking because others hold the room over that time."""

    def __init__(
        self, system: str, operation: str, problem: str, *, conflicting: tuple[int, ...] = ()
    ) -> None:
        self.conflicting = conflicting
        super().__init__(system, operation, problem)


class InUseError(ApiError):
    """TermTime refused to change an object that is in use."""


class TransientError(ApiError):
    """A failure that may pass (429, 5xx, timeout), still failing once retries were spent."""

    def __init__(
        self, system: str, operation: str, problem: str, *, retry_after_s: float | None = None
    ) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(system, operation, problem)


class UnreachableError(ApiError):
    """The system's address refused the connection or does not resolve; reported at once."""


class InvalidDataError(ApiError):
    """A response that is not what the contract promises."""


class FileWriteError(EssmSyncError):
    """A report, plan or audit file could not be written; the message names the file."""


class NotConfirmedError(EssmSyncError):
    """The person at the terminal declined to apply the plan shown."""


class StalePlanError(EssmSyncError):
    """A saved plan was computed from a state that has since changed."""


class UnsafePlanError(EssmSyncError):
    """A safety limit tripped; nothing was written."""

    def __init__(
        self, message: str, *, operations: tuple[str, ...] = (), problems: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.operations = operations  # the stages refused
        self.problems = problems  # each limit broken, as the message names it
