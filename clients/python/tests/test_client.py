"""The client against a real memlog node: publish, read back with the token, search, page, problems."""

from __future__ import annotations

import asyncio
import secrets
import unittest
from datetime import datetime, timedelta, timezone

from memlog_node import MemlogNode

from memlog import AsyncMemlogClient, MemlogClient, ProblemError, RetryPolicy

NODE: MemlogNode | None = None
WAIT_MS = 10_000  # the most a read with a token may wait for its writes


def setUpModule() -> None:
    global NODE
    NODE = MemlogNode().start()


def tearDownModule() -> None:
    if NODE is not None:
        NODE.stop()


def _client(api_key: str | None = None) -> MemlogClient:
    assert NODE is not None
    return MemlogClient(NODE.url, api_key or NODE.api_key, NODE.tenant, retry=RetryPolicy(attempts=5))


def _id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


class PublishAndReadTest(unittest.TestCase):

    def setUp(self) -> None:
        self.client = _client()
        self.events = self.client.events(agent_id="support-bot")

    def test_should_read_a_published_message_back_with_its_token(self) -> None:
        conversation = _id("c")
        event = self.events.message_appended(conversation, "m-1", "user", "My parcel never arrived")

        written = self.client.publish(event)

        answer = self.client.conversation(conversation, after=written.token, wait_ms=WAIT_MS)
        self.assertEqual([m["content"] for m in answer["conversation"]["latestMessages"]],
                         ["My parcel never arrived"])
        self.assertEqual([e.event_id for e in written.events], [event["eventId"]])
        applied = {p["partition"]: p["appliedOffset"] for p in answer["freshness"]["partitions"]}
        self.assertGreaterEqual(applied[written.events[0].partition], written.events[0].offset)

    def test_should_count_an_event_sent_twice_once(self) -> None:
        conversation = _id("c")
        event = self.events.message_appended(conversation, "m-1", "user", "Sent twice, counted once")

        self.client.publish(event)
        again = self.client.publish(event)

        answer = self.client.conversation(conversation, after=again.token, wait_ms=WAIT_MS)
        self.assertEqual(answer["conversation"]["messageCount"], 1)

    def test_should_page_a_history_with_its_cursor(self) -> None:
        conversation = _id("c")
        start = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
        batch = [self.events.conversation_started(conversation, "Lost parcel", occurred_at=start)]
        batch += [self.events.message_appended(conversation, f"m-{i}", "user", f"message number {i}",
                                               occurred_at=start + timedelta(minutes=i + 1)) for i in range(5)]
        written = self.client.publish_all(batch)

        first = self.client.messages_page(conversation, limit=2, after=written.token, wait_ms=WAIT_MS)
        every = list(self.client.messages(conversation, page_size=2))
        newest = self.client.messages_page(conversation, order="desc", limit=1)
        window = list(self.client.messages(conversation, since=start + timedelta(minutes=2),
                                           until=start + timedelta(minutes=4)))

        self.assertEqual([m["messageId"] for m in first["messages"]], ["m-0", "m-1"])
        self.assertIsNotNone(first["nextCursor"])
        self.assertEqual([m["messageId"] for m in every], [f"m-{i}" for i in range(5)])
        self.assertEqual([m["messageId"] for m in newest["messages"]], ["m-4"])
        self.assertEqual([m["messageId"] for m in window], ["m-1", "m-2"])

    def test_should_search_with_filters(self) -> None:
        conversation, other = _id("c"), _id("c")
        word = "kettle" + secrets.token_hex(4)
        written = self.client.publish_all([
            self.events.message_appended(conversation, "m-1", "user", f"Where is my {word}?"),
            self.client.events("courier-bot").message_appended(conversation, "m-2", "assistant",
                                                               f"Your {word} ships today."),
            self.events.message_appended(other, "m-1", "user", "Nothing to see here"),
        ])

        everything = self.client.search(word, after=written.token, wait_ms=WAIT_MS)
        by_assistant = self.client.search(word, role="assistant")
        by_agent = self.client.search(word, agent_id="support-bot")
        elsewhere = self.client.search(word, conversation_id=other)

        self.assertEqual(sorted(h["messageId"] for h in everything["hits"]), ["m-1", "m-2"])
        self.assertIn(word, everything["query"]["terms"])
        self.assertEqual([h["messageId"] for h in by_assistant["hits"]], ["m-2"])
        self.assertIn("<mark>", by_assistant["hits"][0]["snippet"])
        self.assertEqual([h["messageId"] for h in by_agent["hits"]], ["m-1"])
        self.assertEqual(elsewhere["hits"], [])
        self.assertEqual(elsewhere["found"], 0)
        self.assertEqual(everything["found"], 2)

    def test_should_read_entities_relations_neighbours_and_mentions(self) -> None:
        order, customer, conversation = _id("order"), _id("customer"), _id("c")
        written = self.client.publish_all([
            self.events.entity_upserted(order, "order", f"Order {order}", {"status": "late"}),
            self.events.entity_upserted(customer, "customer", "Ana"),
            self.events.relation_asserted(customer, "placed", order, 0.9),
            self.events.message_appended(conversation, "m-1", "user", f"Where is {order}?"),
            self.events.entity_mentioned(conversation, "m-1", order),
        ])

        entity = self.client.entity(order, after=written.token, wait_ms=WAIT_MS)["entity"]
        found = self.client.find_entities(name=f"order {order}", type="order")
        relations = self.client.relations(customer)
        neighbours = self.client.neighbours(customer, depth=1)
        mentions = self.client.mentions(order)

        self.assertEqual(entity["attributes"], {"status": "late"})
        self.assertEqual([e["entityId"] for e in found["entities"]], [order])
        self.assertEqual([(r["relationType"], r["toEntityId"]) for r in relations["outgoing"]], [("placed", order)])
        self.assertEqual(neighbours["entities"], {customer: 0, order: 1})
        self.assertEqual([(m["conversationId"], m["messageId"]) for m in mentions["mentions"]],
                         [(conversation, "m-1")])

    def test_should_say_how_fresh_the_memory_is(self) -> None:
        conversation = _id("c")
        written = self.client.publish(self.events.message_appended(conversation, "m-1", "user", "hello"))
        self.client.conversation(conversation, after=written.token, wait_ms=WAIT_MS)

        freshness = self.client.freshness()["freshness"]

        self.assertEqual(len(freshness["partitions"]), 3)
        partition = next(p for p in freshness["partitions"] if p["partition"] == written.events[0].partition)
        self.assertGreaterEqual(partition["appliedOffset"], written.events[0].offset)


class ProblemTest(unittest.TestCase):

    def setUp(self) -> None:
        self.client = _client()

    def test_should_raise_a_refused_parameter_as_a_problem_with_its_errors(self) -> None:
        with self.assertRaises(ProblemError) as raised:
            self.client.search("parcel", limit=0)

        problem = raised.exception
        self.assertEqual(problem.status, 400)
        self.assertEqual(problem.title, "Invalid request parameter")
        self.assertIn("limit", [error["field"] for error in problem.errors])
        self.assertTrue(problem.request_id)
        self.assertEqual(problem.instance, f"/v1/tenants/{self.client.tenant}/search")

    def test_should_raise_an_unknown_conversation_as_not_found(self) -> None:
        missing = _id("c")

        with self.assertRaises(ProblemError) as raised:
            self.client.conversation(missing)

        self.assertEqual(raised.exception.status, 404)
        self.assertEqual(raised.exception.type, "urn:memlog:problem:not-found")
        self.assertIn(missing, raised.exception.detail or "")

    def test_should_raise_an_invalid_event_as_a_bad_request_naming_it(self) -> None:
        events = self.client.events(agent_id="support-bot")
        bad = events.message_appended(_id("c"), "m-2", "user", "no role")
        del bad["role"]

        with self.assertRaises(ProblemError) as raised:
            self.client.publish_all([events.message_appended(_id("c"), "m-1", "user", "fine"), bad])

        self.assertEqual(raised.exception.status, 400)
        self.assertIn("event 1", raised.exception.detail or "")

    def test_should_refuse_an_unknown_key(self) -> None:
        with self.assertRaises(ProblemError) as raised:
            _client(api_key="mlk_not_a_key").freshness()

        self.assertEqual(raised.exception.status, 401)


if __name__ == "__main__":
    unittest.main()


class AsyncClientTest(unittest.IsolatedAsyncioTestCase):
    """The asyncio client against the same node: the same answers, awaited, several at once."""

    def setUp(self) -> None:
        assert NODE is not None
        self.client = AsyncMemlogClient(NODE.url, NODE.api_key, NODE.tenant, retry=RetryPolicy(attempts=5))
        self.events = self.client.events(agent_id="support-bot")

    async def test_should_publish_read_back_and_page_with_the_token(self) -> None:
        conversation = _id("c")
        written = await self.client.publish_all(
            [self.events.message_appended(conversation, f"m-{i}", "user", f"async kettle number {i}")
             for i in range(3)])

        answer = await self.client.conversation(conversation, after=written.token, wait_ms=WAIT_MS)
        paged = [m["messageId"] async for m in self.client.messages(conversation, page_size=2)]

        self.assertEqual(answer["conversation"]["messageCount"], 3)
        self.assertEqual(paged, ["m-0", "m-1", "m-2"])

    async def test_should_answer_several_searches_at_once(self) -> None:
        conversation = _id("c")
        written = await self.client.publish(
            self.events.message_appended(conversation, "m-1", "user", "a teapot for the async tests"))

        answers = await asyncio.gather(*[
            self.client.search("teapot", conversation_id=conversation, after=written.token, wait_ms=WAIT_MS)
            for _ in range(5)])

        self.assertEqual([[h["messageId"] for h in a["hits"]] for a in answers], [["m-1"]] * 5)

    async def test_should_raise_the_problem_of_an_error_answer(self) -> None:
        with self.assertRaises(ProblemError) as raised:
            await self.client.search("kettle", limit=1000)

        self.assertEqual(raised.exception.status, 400)
