"""A local SMTP server, just enough for smtplib: EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
It records each delivered message (``received``) and each login's decoded credentials (``credentials``)."""

from __future__ import annotations

import base64
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server = self.server
        self.wfile.write(b"220 test ESMTP\r\n")
        envelope = {"from": None, "to": []}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                auth = b"250-AUTH PLAIN\r\n" if server.auth else b""
                self.wfile.write(b"250-test\r\n" + auth + b"250 8BITMIME\r\n")
            elif verb == "AUTH":
                server.credentials.append(base64.b64decode(command.split()[-1]))
                refused = len(server.credentials) <= server.refuse_logins
                self.wfile.write(b"535 5.7.8 authentication failed\r\n" if refused else b"235 ok\r\n")
            elif verb == "MAIL":
                envelope["from"] = command[10:]
                self.wfile.write(b"250 ok\r\n")
            elif verb == "RCPT":
                envelope["to"].append(command[8:].strip("<>"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                server.received.append({**envelope, "data": data})
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@contextmanager
def running_smtp_server(auth: bool = False, refuse_logins: int = 0) -> Iterator[socketserver.ThreadingTCPServer]:
    """A server on 127.0.0.1 (``server_address[1]`` is its port); with ``auth`` it offers AUTH PLAIN and refuses
    the first ``refuse_logins`` logins with 535."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.auth, server.refuse_logins = auth, refuse_logins
    server.received, server.credentials = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
