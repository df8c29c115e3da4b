"""Records an AWS emulator's responses, then serves them again with no emulator time.

Usage:
  replay_proxy.py record PORT UPSTREAM_URL RECORDING
  replay_proxy.py replay PORT RECORDING

In `record` mode every request goes to UPSTREAM_URL (a local moto server) and each
response is stored in RECORDING (JSON lines) under a key made of the method, path,
query, X-Amz-Target header and a hash of the body. In `replay` mode the response to each
request comes from RECORDING at once, so the time a client takes is its own cost: request
signing, HTTP, parsing and its own start-up. A request with no recording gets HTTP 599
and a line on stderr, so a changed client cannot pass silently.

Both modes listen on 127.0.0.1 only, and the upstream must be on 127.0.0.1 too.
"""

import base64
import hashlib
import http.client
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers that describe one transfer rather than the response, set again on replay.
HOP_HEADERS = {"content-length", "transfer-encoding", "connection", "date", "server"}


def request_key(method, path, target, body):
    digest = hashlib.sha256(body).hexdigest()
    return f"{method} {path} {target or ''} {digest}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        body = self._body()
        key = request_key(self.command, self.path, self.headers.get("X-Amz-Target"), body)
        if self.server.mode == "record":
            status, headers, payload = self._forward(body)
            with self.server.lock:
                self.server.out.write(
                    json.dumps(
                        {
                            "key": key,
                            "status": status,
                            "headers": headers,
                            "body": base64.b64encode(payload).decode(),
                        }
                    )
                    + "\n"
                )
                self.server.out.flush()
        else:
            recorded = self.server.recording.get(key)
            if recorded is None:
                print(f"no recording for {self.command} {self.path}", file=sys.stderr)
                status, headers, payload = 599, [], b"no recording for this request"
            else:
                status, headers, payload = recorded
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _forward(self, body):
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=600)
        headers = {
            name: value for name, value in self.headers.items() if name.lower() != "host"
        }
        headers["Host"] = upstream.netloc
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        forwarded = [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in HOP_HEADERS
        ]
        connection.close()
        return response.status, forwarded, payload

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def load(path):
    recording = {}
    with open(path) as lines:
        for line in lines:
            entry = json.loads(line)
            headers = [tuple(pair) for pair in entry["headers"]]
            recording[entry["key"]] = (
                entry["status"],
                headers,
                base64.b64decode(entry["body"]),
            )
    return recording


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.mode = mode
    server.lock = threading.Lock()
    if mode == "record":
        upstream = urllib.parse.urlparse(sys.argv[3])
        if upstream.hostname not in ("127.0.0.1", "localhost"):
            sys.exit(f"{sys.argv[3]} is not on 127.0.0.1: this proxy records a local emulator only")
        server.upstream = upstream
        server.out = open(sys.argv[4], "a")
    elif mode == "replay":
        server.recording = load(sys.argv[3])
        print(f"replaying {len(server.recording)} responses", file=sys.stderr)
    else:
        sys.exit(f"unknown mode {mode}; use record or replay")
    server.serve_forever()


if __name__ == "__main__":
    main()
