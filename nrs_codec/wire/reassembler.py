"""Streaming reassembly: parts of concatenated messages from many originators, arriving one by one
in any order, joined into messages as they complete, in bounded memory, incomplete ones expiring.

The memory bound counts what is really held, not only the content: each pending part as the
object it is (a ``DecodedPdu`` with its address, user data, header elements and text), the tables
that index it, and the digests kept to recognise a part resent after its message completed. An
empty part costs several hundred bytes, so 10,000 references of 254 empty parts cannot fill memory
while the content held is 0. ``buffered_bytes`` never exceeds ``max_bytes`` after ``add``; the
figures are in docs/hardening.md.
"""

from __future__ import annotations

import sys
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from .address import Address
from .pdu import DecodedPdu
from .segments import Segment, join_contents, part_content
from .userdata import DecodedUserData, Ports

Key = tuple[str | None, int, int, bool]  # originator, reference, total, 16-bit reference


@dataclass(frozen=True, slots=True)
class ReassembledMessage:
    """A whole message: ``content`` is its text, or its bytes for 8-bit data. ``parts`` are the
    parts as given, in part-number order; ``reference`` is None for a message of one part."""

    originator: str | None
    reference: int | None
    ref16: bool
    content: str | bytes
    parts: tuple[Segment | DecodedUserData | DecodedPdu, ...]
    ports: Ports | None = None

    @property
    def total(self) -> int:
        """The number of parts."""
        return len(self.parts)


@dataclass(frozen=True, slots=True)
class IncompleteMessage:
    """A message given up before all its parts came: ``reason`` is ``"expired"`` (older than the
    timeout), ``"evicted"`` (dropped, oldest first, to keep within the memory bounds) or
    ``"conflict"`` (a part arrived with the number of one held but another content: the older parts
    are dropped and the new part starts the message again). ``first_seen`` is the clock's time of
    its first part."""

    originator: str | None
    reference: int
    ref16: bool
    total: int
    received: tuple[int, ...]
    missing: tuple[int, ...]
    reason: str
    first_seen: float
    parts: tuple[Segment | DecodedUserData | DecodedPdu, ...] = ()


@dataclass(frozen=True, slots=True)
class PartConflict:
    """Part ``number`` of a message arrived again with another content (or another kind: text
    against 8-bit data). As a handset does when a sender reuses a reference, the newer part wins:
    ``discarded`` is the older incomplete message, whose parts are dropped."""

    number: int
    discarded: IncompleteMessage


Event = ReassembledMessage | IncompleteMessage | PartConflict


@dataclass(slots=True)
class _Pending:
    first_seen: float
    contents: dict[int, str | bytes] = field(default_factory=dict)
    parts: dict[int, Segment | DecodedUserData | DecodedPdu] = field(default_factory=dict)
    size: int = 0


_LEAVES = frozenset((str, bytes, int, float))
# How to read the fields of each frozen dataclass a part is made of, made once per type.
_FIELDS: dict[type, Callable[[object], tuple]] = {}


def _fields_of(kind: type) -> Callable[[object], tuple]:
    names = tuple(getattr(kind, "__slots__", ()))
    if not names:
        return lambda obj: ()
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda obj: (getter(obj),)


def footprint(obj: object, seen: set[int] | None = None) -> int:
    """Bytes ``obj`` holds: its own size and that of everything it refers to (the fields of
    dataclasses, the items of tuples, lists and dicts), each object counted once; a shared
    immutable (an interned string, a small int, an enum) is counted as if it were its own, so the
    figure errs on the high side."""
    seen = set() if seen is None else seen
    total = 0
    stack = [obj]
    while stack:
        o = stack.pop()
        if o is None or o is True or o is False or id(o) in seen:
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        kind = type(o)
        if kind in _LEAVES:
            continue
        if kind is tuple or kind is list:
            stack += o
        elif kind is dict:
            stack += o
            stack += o.values()
        else:
            fields = _FIELDS.get(kind)
            if fields is None:
                fields = _FIELDS[kind] = _fields_of(kind)
            stack += fields(o)
    return total


def _digest(content: str | bytes) -> int:
    return hash((type(content), content))


# What one entry adds to the tables of pending and completed messages at most (an OrderedDict
# entry with its node, its share of a table just grown): counted with each message.
_ENTRY_BYTES = 256


class Reassembler:
    """Joins the parts of concatenated messages as they arrive, from any number of originators.

    Parts (``Segment``, ``DecodedUserData`` or ``DecodedPdu``) are keyed by (originator, reference,
    part count, 8/16-bit reference); a DELIVER's originator is its TP-OA unless one is given.
    ``add`` returns the events it causes, in order: messages that ``expire``, ``IncompleteMessage``
    evicted to stay within ``max_pending`` messages and ``max_bytes`` of memory held
    (``buffered_bytes``: every pending part as the object it is, with its content and its place in
    the tables, and the digests of recently completed messages, which go first; then pending
    messages, oldest first, the new part's own message too when it alone is over), a
    ``PartConflict``, and the ``ReassembledMessage`` the part completes. A part of a single-part
    message comes straight back. A part received again with the same content is ignored, also for
    ``timeout`` seconds after its message completed (an SC resends a part whose acknowledgement was
    lost). ``clock`` gives the time in seconds (``time.monotonic``; inject one for tests).

    Bad parts raise TypeError / ValueError before anything changes. Example::

        r = Reassembler(timeout=600)
        for pdu in incoming:
            for event in r.add(decode_pdu(pdu)):
                if isinstance(event, ReassembledMessage):
                    deliver(event.originator, event.content)
    """

    def __init__(
        self,
        *,
        timeout: float = 3600.0,
        max_pending: int = 10_000,
        max_bytes: int = 16 * 2**20,
        clock: Callable[[], float] = time.monotonic,
    ):
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        for name, value in (("max_pending", max_pending), ("max_bytes", max_bytes)):
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} must be a positive int, not {value!r}")
        if not callable(clock):
            raise TypeError(f"clock must be callable, not {type(clock).__name__}")
        self.timeout = float(timeout)
        self.max_pending = max_pending
        self.max_bytes = max_bytes
        self.clock = clock
        self._pending: OrderedDict[Key, _Pending] = OrderedDict()
        # Recently completed messages: completion time, a digest of each part's content (part n at
        # n - 1) and the bytes the entry holds.
        self._done: OrderedDict[Key, tuple[float, array, int]] = OrderedDict()
        self._bytes = 0

    @property
    def pending(self) -> int:
        """Messages waiting for parts."""
        return len(self._pending)

    @property
    def buffered_bytes(self) -> int:
        """Memory held, in bytes: the parts of incomplete messages (each part object with all it
        refers to, its content and the tables that index it) and the digests kept to recognise
        a part resent after its message completed; 0 when nothing is held."""
        return self._bytes

    def add(
        self, part: Segment | DecodedUserData | DecodedPdu, originator: str | Address | None = None
    ) -> tuple[Event, ...]:
        """Take one part; return the events it causes (see the class). Raises TypeError for a part
        or originator of another type, before any state changes."""
        content, concatenation = part_content(part, 1)
        if originator is None and isinstance(part, DecodedPdu) and part.kind == "SMS-DELIVER":
            originator = part.address
        if isinstance(originator, Address):
            originator = originator.number
        elif originator is not None and not isinstance(originator, str):
            raise TypeError(f"originator must be str, Address or None, not {type(originator).__name__}")
        now = self.clock()
        events: list[Event] = list(self.expire(now))
        if concatenation is None or concatenation.total == 1:
            message = ReassembledMessage(
                originator, None, False, join_contents([content]), (part,), _ports(part)
            )
            return (*events, message)
        c = concatenation
        key = (originator, c.reference, c.total, c.ref16)
        done = self._done.get(key)
        if done is not None:
            if done[1][c.number - 1] == _digest(content):
                return tuple(events)  # a resent part of a message already whole
            self._bytes -= self._done.pop(key)[2]  # another message under a reference the sender reused
        pending = self._pending.get(key)
        if pending is not None:
            held = pending.contents.get(c.number)
            if held == content:
                return tuple(events)  # the same part again
            if held is not None or type(next(iter(pending.contents.values()))) is not type(content):
                events.append(PartConflict(c.number, self._drop(key, "conflict")))
                pending = None
        if pending is None:
            pending = self._pending[key] = _Pending(now)
            pending.size = footprint(pending) + footprint(key) + _ENTRY_BYTES
            self._bytes += pending.size
        tables = sys.getsizeof(pending.contents) + sys.getsizeof(pending.parts)
        pending.contents[c.number] = content
        pending.parts[c.number] = part
        seen: set[int] = set()
        size = footprint(part, seen) + footprint(content, seen)
        size += sys.getsizeof(pending.contents) + sys.getsizeof(pending.parts) - tables
        pending.size += size
        self._bytes += size
        if len(pending.contents) == c.total:
            message = self._complete(key, now)
            while self._done and self.buffered_bytes > self.max_bytes:
                self._forget_oldest()
            return (*events, message)
        while len(self._pending) > self.max_pending or self.buffered_bytes > self.max_bytes:
            if len(self._pending) <= self.max_pending and self._done:
                self._forget_oldest()  # only resends of a whole message would need it
            else:
                events.append(self._drop(next(iter(self._pending)), "evicted"))
        return tuple(events)

    def expire(self, now: float | None = None) -> tuple[IncompleteMessage, ...]:
        """Give up the messages whose first part came ``timeout`` seconds or more before ``now``
        (the clock's time when None); return them with their missing part numbers."""
        now = self.clock() if now is None else now
        limit = now - self.timeout
        expired = []
        while self._pending:
            key, pending = next(iter(self._pending.items()))
            if pending.first_seen > limit:
                break
            expired.append(self._drop(key, "expired"))
        while self._done and next(iter(self._done.values()))[0] <= limit:
            self._forget_oldest()
        return tuple(expired)

    def _forget_oldest(self) -> None:
        """Forget the digests of the oldest completed message."""
        self._bytes -= self._done.popitem(last=False)[1][2]

    def _drop(self, key: Key, reason: str) -> IncompleteMessage:
        pending = self._pending.pop(key)
        self._bytes -= pending.size
        originator, reference, total, ref16 = key
        received = tuple(sorted(pending.contents))
        missing = tuple(n for n in range(1, total + 1) if n not in pending.contents)
        parts = tuple(pending.parts[n] for n in received)
        return IncompleteMessage(
            originator, reference, ref16, total, received, missing, reason, pending.first_seen, parts
        )

    def _complete(self, key: Key, now: float) -> ReassembledMessage:
        pending = self._pending.pop(key)
        self._bytes -= pending.size
        originator, reference, total, ref16 = key
        numbers = range(1, total + 1)
        digests = array("q", [_digest(pending.contents[n]) for n in numbers])
        size = footprint((now, digests, 0)) + footprint(key) + _ENTRY_BYTES
        self._done[key] = (now, digests, size)
        self._bytes += size
        while len(self._done) > self.max_pending:
            self._forget_oldest()
        content = join_contents([pending.contents[n] for n in numbers])
        parts = tuple(pending.parts[n] for n in numbers)
        return ReassembledMessage(originator, reference, ref16, content, parts, _ports(parts[0]))


def _ports(part: Segment | DecodedUserData | DecodedPdu) -> Ports | None:
    if isinstance(part, DecodedPdu):
        part = part.user_data
    return part.ports
