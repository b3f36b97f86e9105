"""The fake TermTime's timetable webhook endpoints (§38.6-38.10).

Lengths as §38.9 gives them: `c` 1-60, `t` 1-255, `h` and `u` and `e` 5-500, `v` 1-20.
Registering a code twice is 109 and an unknown code 106, as for the other creates
(termtime-api.md §15, the sandbox's reading).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from essm_sync.sandbox.responses import JSONResponse
from essm_sync.sandbox.termtime_http import TermTimeFailure, created, done, segment, text
from essm_sync.sandbox.termtime_state import TermTimeState
from essm_sync.sandbox.termtime_webhooks import TTWebhook


def _code(request: Request) -> str:
    return segment(request.path_params["c"], "c", high=60)


def _known(state: TermTimeState, code: str) -> TTWebhook:
    hook = state.webhooks.registered.get(code)
    if hook is None:
        raise TermTimeFailure(106, f"No webhook with code {code}")
    return hook


async def list_hooks(request: Request, state: TermTimeState) -> Response:
    """§38.6: every timetable webhook of the key."""
    hooks = state.webhooks.registered
    return JSONResponse([hooks[c].as_json(state.database) for c in sorted(hooks)])


async def get_hook(request: Request, state: TermTimeState) -> Response:
    """§38.7: one timetable webhook."""
    return JSONResponse(_known(state, _code(request)).as_json(state.database))


async def update_hook(request: Request, state: TermTimeState) -> Response:
    """§38.8: change the header, URL, verb or email; the type is fixed at registration."""
    hook = _known(state, _code(request))
    header = text(request, "h", low=5, high=500)
    url = text(request, "u", low=5, high=500)
    verb = text(request, "v", high=20)
    email = text(request, "e", low=5, high=500)
    hook.header = header if header is not None else hook.header
    hook.url = url if url is not None else hook.url
    hook.verb = verb if verb is not None else hook.verb
    hook.email = email if email is not None else hook.email
    return done()


async def create_hook(request: Request, state: TermTimeState) -> Response:
    """§38.9: register a timetable webhook."""
    code = _code(request)
    kind = text(request, "t", high=255, required=True)
    url = text(request, "u", low=5, high=500, required=True)
    header = text(request, "h", low=5, high=500)
    verb = text(request, "v", high=20)
    email = text(request, "e", low=5, high=500)
    if code in state.webhooks.registered:
        raise TermTimeFailure(109, f"A webhook coded {code} already exists")
    state.webhooks.registered[code] = TTWebhook(
        code, kind or "", url or "", header=header or "", verb=verb or "POST", email=email or ""
    )
    return created(f"Webhook {code} created")


async def delete_hook(request: Request, state: TermTimeState) -> Response:
    """§38.10: remove a timetable webhook."""
    code = _code(request)
    _known(state, code)
    del state.webhooks.registered[code]
    return done()
