"""Retries, timeouts, errors and encoding, against a scripted local HTTP server (no memlog node needed)."""

from __future__ import annotations

import json
import socket
import threading
import unittest
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

import memlog_node  # noqa: F401  (puts ../src on the path)

from memlog import Events, MemlogClient, ProblemError, RetryPolicy, TransportError

Answer = tuple[int, dict[str, str], bytes]
FAST = RetryPolicy(attempts=3, backoff=0.0)
PAGE = json.dumps({"conversationId": "c-1", "messages": [], "nextCursor": None, "freshness": {}}).encode()


def _problem(status: int, title: str, **fields: object) -> Answer:
    body = {"type": "urn:memlog:problem:x", "title": title, "status": status, **fields}
    return status, {"Content-Type": "application/problem+json", "Retry-After": "0"}, json.dumps(body).encode()


class ScriptedServer:
    """Answers each request with the next scripted answer (the last one repeats) and records the requests."""

    def __init__(self, *answers: Answer | Callable[[], Answer]) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                server.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
                next_answer = server.answers[min(len(server.requests), len(server.answers)) - 1]
                status, headers, body = next_answer() if callable(next_answer) else next_answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: what a timeout test wants

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


class TransportTest(unittest.TestCase):

    def serve(self, *answers: Answer | Callable[[], Answer]) -> ScriptedServer:
        server = ScriptedServer(*answers)
        self.addCleanup(server.close)
        return server

    def client(self, server: ScriptedServer, **options: object) -> MemlogClient:
        return MemlogClient(server.url, "key-1", "acme", retry=FAST, **options)  # type: ignore[arg-type]

    def test_should_retry_a_read_the_node_was_not_ready_for(self) -> None:
        server = self.serve(_problem(503, "Not yet applied"), (200, {"Content-Type": "application/json"}, PAGE))

        page = self.client(server).messages_page("c-1", after="MTow")

        self.assertEqual(page["conversationId"], "c-1")
        self.assertEqual(len(server.requests), 2)

    def test_should_resend_a_publish_with_the_same_event_ids(self) -> None:
        published = {"token": "MTow", "published": [{"eventId": "e-1", "topic": "t", "partition": 1, "offset": 0}]}
        server = self.serve(_problem(503, "Busy"), (202, {}, json.dumps(published).encode()))
        client = self.client(server)
        event = client.events("bot").message_appended("c-1", "m-1", "user", "hi")
        del event["eventId"]  # the client gives it one before the first attempt

        written = client.publish(event)

        bodies = [json.loads(body) for (_, _, _, body) in server.requests]
        self.assertEqual(len(bodies), 2)
        self.assertEqual(bodies[0], bodies[1])
        self.assertTrue(bodies[0][0]["eventId"])
        self.assertEqual(written.token, "MTow")

    def test_should_not_retry_a_bad_request(self) -> None:
        server = self.serve(_problem(400, "Bad request", detail="no", errors=[{"field": "limit", "message": "too small"}]))

        with self.assertRaises(ProblemError) as raised:
            self.client(server).search("x", limit=0)

        self.assertEqual(len(server.requests), 1)
        self.assertEqual((raised.exception.status, raised.exception.detail), (400, "no"))
        self.assertEqual(raised.exception.errors, [{"field": "limit", "message": "too small"}])

    def test_should_not_retry_an_internal_error(self) -> None:
        server = self.serve(_problem(500, "Internal error"))

        with self.assertRaises(ProblemError):
            self.client(server).freshness()

        self.assertEqual(len(server.requests), 1)

    def test_should_give_up_after_the_attempts_with_the_last_problem(self) -> None:
        server = self.serve((502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"))

        with self.assertRaises(ProblemError) as raised:
            self.client(server).freshness()

        self.assertEqual(len(server.requests), FAST.attempts)
        self.assertEqual(raised.exception.status, 502)

    def test_should_raise_a_transport_error_when_nothing_listens(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        client = MemlogClient(f"http://127.0.0.1:{port}", "key-1", "acme", retry=FAST)

        with self.assertRaises(TransportError):
            client.freshness()

    def test_should_raise_a_transport_error_when_the_answer_takes_longer_than_the_timeout(self) -> None:
        release = threading.Event()

        def late() -> Answer:
            release.wait(10)
            return 200, {}, PAGE

        server = self.serve(late)
        self.addCleanup(release.set)
        client = MemlogClient(server.url, "key-1", "acme", timeout=0.2, retry=RetryPolicy(attempts=1))

        with self.assertRaises(TransportError):
            client.freshness()

    def test_should_send_the_key_and_encode_ids_and_times(self) -> None:
        server = self.serve((200, {}, PAGE))

        self.client(server).messages_page("a/b c", since=datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc),
                                          order="desc")

        _, path, headers, _ = server.requests[0]
        self.assertEqual(headers["X-Api-Key"], "key-1")
        self.assertEqual(path, "/v1/tenants/acme/conversations/a%2Fb%20c/messages?order=desc"
                               "&from=2026-11-02T09%3A30%3A00Z")

    def test_should_refuse_a_time_without_a_zone(self) -> None:
        server = self.serve((200, {}, PAGE))

        with self.assertRaises(ValueError):
            self.client(server).messages_page("c-1", since=datetime(2026, 11, 2, 9, 30))

        self.assertEqual(server.requests, [])


class EventsTest(unittest.TestCase):

    def test_should_give_every_event_its_own_id_and_leave_absent_fields_out(self) -> None:
        events = Events("acme", "bot", clock=lambda: datetime(2026, 11, 21, 10, 15, 30, 123000, timezone.utc))

        first = events.message_appended("c-1", "m-1", "user", "hi")
        second = events.message_appended("c-1", "m-1", "user", "hi")

        self.assertNotEqual(first["eventId"], second["eventId"])
        self.assertEqual(first["occurredAt"], "2026-11-21T10:15:30.123000Z")
        self.assertEqual(first["source"], {"agentId": "bot", "runtime": "memlog-python"})
        self.assertNotIn("tokenCount", first)

    def test_should_refuse_what_the_node_would_refuse(self) -> None:
        with self.assertRaises(ValueError):
            Events("Acme", "bot")
        with self.assertRaises(ValueError):
            Events("acme", "bot").relation_asserted("a", "knows", "b", strength=1.5)


if __name__ == "__main__":
    unittest.main()
