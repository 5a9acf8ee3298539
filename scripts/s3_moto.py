"""moto's S3 server and a TCP proxy on loopback, for scripts/s3_check.py and benchmarks/s3_bench.py."""
import os, socket, subprocess, sys, threading, time

VENV_BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(work, processes, extra_env=None):
    port = free_port()
    env = dict(os.environ, **(extra_env or {}))
    log = open(f"{work}/moto-{port}.log", "w")
    proc = subprocess.Popen([f"{VENV_BIN}/moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log, env=env)
    processes.append(proc)
    with open(f"{work}/pids", "a") as f:
        f.write(f"{proc.pid}\n")
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"moto_server exited: see {work}/moto-{port}.log")
            time.sleep(0.2)
    raise SystemExit("moto_server did not start within 60 s")


def stop_all(processes):
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


class CuttingProxy:
    """Forwards loopback connections to moto and cuts any connection once it has carried `limit` bytes
    upstream: every large part upload dies mid-body (retries included), small requests (create, abort) pass."""

    def __init__(self, target_port, limit, delay=0.0):
        self.target_port, self.limit, self.delay = target_port, limit, delay
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.cuts = 0
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
        done = threading.Event()

        def down():
            try:
                while not done.is_set():
                    data = upstream.recv(65536)
                    if not data:
                        break
                    client.sendall(data)
            except OSError:
                pass
            done.set()

        threading.Thread(target=down, daemon=True).start()
        sent = 0
        try:
            while not done.is_set():
                data = client.recv(65536)
                if not data:
                    break
                sent += len(data)
                if sent > self.limit:
                    self.cuts += 1
                    break
                upstream.sendall(data)
                if self.delay and len(data) > 4096:
                    time.sleep(self.delay)
        except OSError:
            pass
        done.set()
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self):
        self.server.close()
