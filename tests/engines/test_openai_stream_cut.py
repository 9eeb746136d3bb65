"""A stream the server cuts off mid-way ends in a ``ProviderError``, not in the HTTP client's own exception.

The SDK lets some transport errors through while a stream is read, so the engine catches ``httpx2``'s errors
itself; this holds only with an ``openai`` built on ``httpx2`` (3.0 and later), which is why that is the lower
bound in ``pyproject.toml``.
"""

from __future__ import annotations

import json
import socket
import threading

import pytest

from assistant.platform.errors import ProviderError

_CHUNK = {
    "id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "test-model",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": "The renewal"}, "finish_reason": None}],
}


def _answer_one_request_then_hang_up(listener: socket.socket) -> None:
    """Read one request, promise a long event stream, send one event, close the connection."""
    connection, _ = listener.accept()
    with connection:
        data = b""
        while b"\r\n\r\n" not in data:
            data += connection.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        while len(body) < length:
            body += connection.recv(65536)
        event = f"data: {json.dumps(_CHUNK)}\n\n".encode()
        connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 100000\r\n\r\n"
                           + event)


@pytest.fixture
def cutting_server():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        thread = threading.Thread(target=_answer_one_request_then_hang_up, args=(listener,), daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        thread.join(timeout=5)


def test_a_stream_cut_off_mid_way_is_a_provider_error_after_the_pieces_already_sent(
    cutting_server, make_openai_engine, note_request
):
    pieces: list[str] = []

    with pytest.raises(ProviderError, match="broke off"):
        for piece in make_openai_engine(llm_base_url=cutting_server, llm_max_retries=0).stream(note_request):
            pieces.append(piece)

    assert pieces == ["The renewal"]
