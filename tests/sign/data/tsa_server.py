#!/usr/bin/env python3
"""A one-request RFC 3161 time-stamping service for tests/sign: answers one POST with
`openssl ts -reply` under the configuration DIR/tsa.cnf, then exits (or after 60 s idle).
Prints the port it listens on (127.0.0.1, chosen by the system) as its first line.
With CERT.pem KEY.pem after DIR it speaks HTTPS with that certificate (TLS 1.2 or later)."""
import http.server
import os
import ssl
import subprocess
import sys
import tempfile


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with tempfile.TemporaryDirectory() as work:
            request, reply = os.path.join(work, "req.tsq"), os.path.join(work, "reply.tsr")
            with open(request, "wb") as out:
                out.write(query)
            done = subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(self.server.dir, "tsa.cnf"),
                                   "-queryfile", request, "-out", reply], capture_output=True)
            if done.returncode != 0:
                self.send_error(500, done.stderr.decode(errors="replace")[:200])
                return
            with open(reply, "rb") as answer:
                body = answer.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.dir = sys.argv[1]
    if len(sys.argv) == 4:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
        tls.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.timeout = 60
    print(server.server_address[1], flush=True)
    server.handle_request()
