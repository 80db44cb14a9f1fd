"""What the server refuses before Streamlit sees it (issue 19.2, 19.7): an
ASGI middleware that `webapp.py` puts in front of the app (`st.App`).

- Uploads: Streamlit accepts `PUT /_stcore/upload_file/<session>/<file>`
  for any live session and keeps the file in memory until the session ends.
  Only a session whose last Beheer run passed the admin check
  (`ADMIN_UPLOADS`, set by views/beheer.py) may upload; any other gets 403
  before a byte of the body is read.
- `clear_cache`: Streamlit clears the caches of every session when any
  browser asks (a menu item meant for developers); the message is dropped.
- Headers on every HTTP response: no framing by other sites (clickjacking of
  the login), no content sniffing, no full URL sent to other sites.

Run `streamlit run app.py` directly and none of this applies: start.sh and
the README's deployment use `webapp.py`.
"""
from __future__ import annotations

import re

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime import Runtime

ADMIN_UPLOADS = "beheer_opladen"   # session-state key: this session's admin may upload
UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/[^/]+$")
REFUSED_UPLOAD = "Opladen kan alleen op de pagina Beheer, na aanmelden als beheerder.".encode()
HEADERS = [
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def admin_may_upload(session_id: str) -> bool:
    """True when the live session `session_id` is an admin's on Beheer.
    Streamlit has no public lookup of a session's state by id; its session
    manager's (tests/test_guards.py checks it against the real server)."""
    info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
    # A plain key (no widget): reading it deserializes nothing.
    return info is not None and ADMIN_UPLOADS in info.session.session_state


def is_clear_cache(frame: bytes | None) -> bool:
    if not frame:
        return False
    msg = BackMsg()
    try:
        msg.ParseFromString(frame)
    except Exception:  # noqa: BLE001 - Streamlit refuses the frame itself
        return False
    return msg.WhichOneof("type") == "clear_cache"


class Guards:
    """Pure ASGI middleware (Starlette's `BaseHTTPMiddleware` skips websockets)."""

    def __init__(self, app, may_upload=admin_may_upload):
        self.app, self.may_upload = app, may_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            await self.app(scope, self._without_clear_cache(receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in present)]
            await send(message)

        upload = UPLOAD_PATH.search(scope["path"])
        if scope["method"] == "PUT" and upload and not self.may_upload(upload[1]):
            await send_with_headers({"type": "http.response.start", "status": 403,
                                     "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": REFUSED_UPLOAD})
            return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _without_clear_cache(receive):
        async def filtered():
            while True:
                message = await receive()
                if not (message["type"] == "websocket.receive" and is_clear_cache(message.get("bytes"))):
                    return message
        return filtered
