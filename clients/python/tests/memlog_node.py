"""Starts a real memlog node (the shaded jar, embedded Kafka broker, free ports, a temporary data dir) for the
tests, and stops it. The tests run on the sources in ../src, without installing the package."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

RUNNING = re.compile(r"memlog is running: (http://\S+) ")
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30


class MemlogNode:
    """One node serving ``tenant`` with a fresh API key, until :meth:`stop`."""

    def __init__(self, tenant: str = "acme") -> None:
        self.tenant = tenant
        self.api_key = "mlk_test_" + secrets.token_urlsafe(24)
        self.url = ""
        self._dir = Path(tempfile.mkdtemp(prefix="memlog-python-client-"))
        self._log = self._dir / "node.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> MemlogNode:
        jar = Path(os.environ.get("MEMLOG_JAR", ROOT / "query-api" / "target" / "memlog.jar"))
        if not jar.is_file():
            raise RuntimeError(f"no memlog jar at {jar}: build it first (mvn -B -Pquick package from the repository "
                               "root) or set MEMLOG_JAR")
        env = dict(os.environ, MEMLOG_HTTP_PORT="0", MEMLOG_BROKER_PORT="0", MEMLOG_PARTITIONS="3",
                   MEMLOG_DATA_DIR=str(self._dir / "data"),
                   MEMLOG_API_KEYS=f"{self.tenant}:{hashlib.sha256(self.api_key.encode()).hexdigest()}")
        with open(self._log, "wb") as log:
            self._process = subprocess.Popen([_java(), "-jar", str(jar), "node"], env=env, stdout=log,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        atexit.register(self.stop)
        # a test run stopped with SIGTERM (a CI timeout, Maven interrupted) still stops its node, through atexit
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        try:
            self.url = self._await_url()
            self._await_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stops the node (SIGTERM: its shutdown hook closes it; SIGKILL if it hangs) and deletes its data."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self._dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self._log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _await_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._process is not None
            match = RUNNING.search(self._log.read_text(errors="replace"))
            if match:
                return match.group(1)
            if self._process.poll() is not None:
                raise RuntimeError(f"the memlog node exited with {self._process.returncode}:\n{self.log_tail()}")
            time.sleep(0.2)
        raise RuntimeError(f"the memlog node did not start within {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def _await_ready(self) -> None:
        """Waits until /readyz says the node's shards are caught up, so the first test does not meet a
        rebalance."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=5) as answer:
                    if json.load(answer).get("status") == "READY":
                        return
            except (urllib.error.URLError, OSError):
                pass  # 503 while the projector starts
            time.sleep(0.2)
        raise RuntimeError(f"the memlog node was not ready within {START_TIMEOUT_S} s:\n{self.log_tail()}")


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("no java on PATH and no JAVA_HOME: the tests start a memlog node and need Java 17+")
    return java
