#!/usr/bin/env python3
"""A hostile product API for the fault suite (scripts/fault_suite.sh): GET /p/{id} misbehaves in one way per ID.

Usage: python3 scripts/hostile_server.py PORT     (0 picks a free port)
Prints `listening on http://127.0.0.1:PORT` (the real port) once it accepts connections, then serves until killed.
Standard library only.

  1  truncated JSON (HTTP 200, application/json, the body ends mid-string)
  2  JSON with invalid UTF-8 bytes (FF FE) inside the name string; otherwise a valid product
  3  a 50 MB body, streamed in 64 KiB chunks
  4  a gzip bomb: Content-Encoding: gzip, ~1 MB on the wire that inflates to ~1 GiB of zeros
  5  an empty 200 (Content-Length: 0)
  6  an HTML page served as Content-Type: application/json
  7  a JSON array holding a valid product
  8  a valid product for another id (999999)
  9  a connection reset mid-body: Content-Length 10000, 100 bytes sent, then close with SO_LINGER 0 (RST)
  10 a redirect loop: 302 to itself
  11 a normal valid product
  anything else: 404 with a JSON body
"""
import http.server
import json
import os
import socket
import struct
import sys
import zlib

MIB = 1 << 20


def product(pid, name="Sản phẩm thử"):
    return {
        "id": pid,
        "name": name,
        "price": 1000 + pid,
        "url_key": f"san-pham-p{pid}",
        "description": "<p>Mô tả <b>đậm</b></p>",
        "images": [{"base_url": f"https://example.invalid/{pid}.jpg"}],
    }


def gzip_bomb(mebibytes=1000):
    """A gzip member whose deflate stream is one self-contained block of 1 MiB of zeros (ended by a full flush,
    so it references nothing before it) repeated `mebibytes` times: ~1 KB per MiB, built without ever holding
    the inflated data."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, (mebibytes * MIB) & 0xFFFFFFFF)
    return header + block * mebibytes + tail + trailer


BOMB = b""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile/1.0"

    def log_message(self, format, *args):  # quiet
        pass

    def send(self, status, body, content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def route(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        pid = int(parts[1]) if len(parts) == 2 and parts[0] == "p" and parts[1].isdigit() else -1
        if pid == 1:
            body = json.dumps(product(1)).encode()
            self.send(200, body[: len(body) // 2])
        elif pid == 2:
            self.send(200, b'{"id":2,"name":"a\xff\xfeb","price":1,"url_key":"x",'
                           b'"description":"<p>d</p>","images":[]}')
        elif pid == 3:
            total, chunk = 50 * 1000 * 1000, b" " * 65536
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            head = b'{"id":3,"name":"big","price":1,"pad":"'
            self.wfile.write(head)
            sent = len(head)
            while sent < total - 2:
                piece = chunk[: min(len(chunk), total - 2 - sent)]
                self.wfile.write(piece)
                sent += len(piece)
            self.wfile.write(b'"}')
        elif pid == 4:
            self.send(200, BOMB, extra=[("Content-Encoding", "gzip")])
        elif pid == 5:
            self.send(200, b"")
        elif pid == 6:
            self.send(200, b"<!DOCTYPE html><html><head><title>Security check</title></head>"
                           b"<body><p>Please verify you are a human.</p></body></html>")
        elif pid == 7:
            self.send(200, json.dumps([product(7)]).encode())
        elif pid == 8:
            self.send(200, json.dumps(product(999999)).encode())
        elif pid == 9:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b'{"id":9,"name":"' + b"x" * 84)
            self.wfile.flush()
            sock = self.connection
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            try:
                self.rfile.close()
            except OSError:
                pass
            # detach so that the descriptor really closes now (makefile references would delay it): RST, not FIN
            os.close(sock.detach())
        elif pid == 10:
            self.send(302, b"", content_type="text/plain", extra=[("Location", "/p/10")])
        elif pid == 11:
            self.send(200, json.dumps(product(11)).encode())
        else:
            self.send(404, json.dumps({"error": {"code": 404, "message": "not found"}}).encode())


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # resets and broken pipes are the point here
        pass


def main():
    global BOMB
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    BOMB = gzip_bomb()
    server = Server(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
