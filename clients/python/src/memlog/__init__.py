"""memlog: publish an agent's events to memlog and read its memory back, over HTTP, with the standard library.

    from memlog import MemlogClient
    client = MemlogClient("http://127.0.0.1:8080", api_key, "acme")
    events = client.events(agent_id="support-bot")
    written = client.publish(events.message_appended("c-42", "m-1", "user", "My parcel never arrived"))
    client.search("parcel", after=written.token)["hits"]
"""

from ._http import RetryPolicy
from .aio import AsyncMemlogClient
from .client import MAX_BATCH, MemlogClient, Published, PublishedEvent
from .errors import FieldError, MemlogError, ProblemError, TransportError
from .events import Events, new_event_id

__all__ = [
    "MAX_BATCH",
    "AsyncMemlogClient",
    "Events",
    "FieldError",
    "MemlogClient",
    "MemlogError",
    "ProblemError",
    "Published",
    "PublishedEvent",
    "RetryPolicy",
    "TransportError",
    "new_event_id",
]

__version__ = "0.1.0"
