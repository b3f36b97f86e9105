"""The sandbox's own serving: its ports can be taken again at once after a restart."""

from __future__ import annotations

import socket

import pytest

from essm_sync.sandbox import listening_socket


def test_a_port_left_in_time_wait_is_bound_again_at_once() -> None:
    """A port whose last connection lingers in TIME_WAIT (a sandbox just stopped) binds;
    a port something listens on does not."""
    with socket.socket() as before:
        before.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as every server does
        before.bind(("127.0.0.1", 0))
        before.listen()
        port = before.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = before.accept()
        accepted.close()  # the server closes first: its side waits in TIME_WAIT
        client.recv(1)
        client.close()
        busy = listening_socket("127.0.0.1", 0)
        busy.listen()
        try:
            taken = busy.getsockname()[1]
            with pytest.raises(OSError, match="in use"):
                listening_socket("127.0.0.1", taken)
        finally:
            busy.close()
    listening_socket("127.0.0.1", port).close()
