"""The ``phonenumbers`` patterns of a calling code as automata over digits, for the compiled judge.

``recipients_many``'s readable path judges a column of numbers by matching each calling code's
patterns (the general description, the types, the national prefix, each country's leading
digits) with RE2. The compiled engine does the same in one pass over the column without the
GIL: each pattern is compiled here to a deterministic automaton over the ten digits, all the
patterns of a calling code run together (one state per step, whatever their number), and each
state says which patterns accept there. Numbers of a calling code are plain ASCII digits by
then, so the ten digits are the whole alphabet.

The patterns use a small part of the regex syntax (digits, ``\\d``, classes and ranges, groups,
alternation, ``?``, ``*``, ``+``, ``{n,m}``, and ``$`` closing a top-level alternative, as in
national prefixes); anything else raises ``Unsupported`` and that calling code is judged number
by number instead. A test holds every automaton to ``re.fullmatch`` and ``re.match`` on every
country's patterns. ``number_programs`` lays a calling code's automata out for the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIGITS = (1 << 10) - 1  # a set of digits as a 10-bit mask: every digit

# How a pattern is matched against the digits read: whole (``re.fullmatch``), at their start
# (``re.match``), or at their start taking at least one digit (``re.match`` of a match that is
# not empty: a national prefix that may match nothing, where matching nothing strips nothing).
WHOLE, START, STARTED = "whole", "start", "started"
MAX_STATES = 4096  # of one automaton: more patterns than that take another automaton


class Unsupported(ValueError):
    """A pattern outside the syntax this module reads."""


# A pattern's syntax tree: ("set", mask), ("cat", [nodes]), ("alt", [nodes]), ("rep", node, lo, hi).


def parse(pattern: str) -> list[tuple[object, bool]]:
    """The top-level alternatives of ``pattern`` (Python ``re`` syntax, the part phonenumbers
    uses) as syntax trees, each with whether it ends with ``$`` (the end of the digits: such a
    branch of a pattern matched at the start still matches only whole)."""
    parser = _Parser(pattern)
    branches = [parser.sequence(top=True)]
    while parser.peek() == "|":
        parser.at += 1
        branches.append(parser.sequence(top=True))
    if parser.at < len(pattern):
        raise Unsupported(f"unexpected {pattern[parser.at]!r} at {parser.at} in {pattern!r}")
    return branches


class _Parser:
    def __init__(self, text: str):
        self.text, self.at = text, 0

    def peek(self) -> str | None:
        return self.text[self.at] if self.at < len(self.text) else None

    def take(self) -> str:
        if self.at >= len(self.text):
            raise Unsupported(f"{self.text!r} ends too soon")
        self.at += 1
        return self.text[self.at - 1]

    def alternation(self):
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self, top: bool = False):
        items: list = []
        while self.peek() not in (None, "|", ")"):
            if top and self.peek() == "$" and self.text[self.at + 1 : self.at + 2] in ("", "|"):
                self.at += 1
                return ("cat", items), True
            items.append(self.repeat(self.atom()))
        return (("cat", items), False) if top else ("cat", items)

    def atom(self):
        c = self.take()
        if c == "(":
            if self.text.startswith("?:", self.at):
                self.at += 2
            elif self.peek() == "?":
                raise Unsupported(f"group (?{self.text[self.at + 1 : self.at + 2]} in {self.text!r}")
            node = self.alternation()
            if self.take() != ")":
                raise Unsupported(f"unclosed group in {self.text!r}")
            return node
        if c == "[":
            return ("set", self.klass())
        if c == "\\":
            return ("set", self.escape())
        if c in ".^$*+?{}":
            raise Unsupported(f"{c!r} at {self.at - 1} in {self.text!r}")
        return ("set", _digit(c))

    def escape(self) -> int:
        c = self.take()
        if c == "d":
            return DIGITS
        if c.isalnum():  # \D, \s, \b, \1 ...: not in phonenumbers' patterns
            raise Unsupported(f"\\{c} in {self.text!r}")
        return _digit(c)  # an escaped punctuation character: never a digit

    def klass(self) -> int:
        negate = self.peek() == "^"
        if negate:
            self.at += 1
        mask, first = 0, True
        while first or self.peek() != "]":
            first = False
            c = self.take()
            low = self.escape() if c == "\\" else _digit(c)
            if self.peek() == "-" and self.text[self.at + 1 : self.at + 2] not in ("]", ""):
                self.at += 1
                end = self.take()
                if c == "\\" or end == "\\":
                    raise Unsupported(f"a range of escapes in {self.text!r}")
                mask |= _range(c, end)
            else:
                mask |= low
        self.at += 1
        return (DIGITS & ~mask) if negate else mask

    def repeat(self, node):
        while (c := self.peek()) is not None and c in "?*+{":
            self.at += 1
            if c == "?":
                node = ("rep", node, 0, 1)
            elif c == "*":
                node = ("rep", node, 0, None)
            elif c == "+":
                node = ("rep", node, 1, None)
            else:
                end = self.text.find("}", self.at)
                if end < 0:
                    raise Unsupported(f"unclosed {{ in {self.text!r}")
                low, comma, high = self.text[self.at : end].partition(",")
                if not low.isdigit() or (high and not high.isdigit()):
                    raise Unsupported(f"repetition {{{self.text[self.at : end]}}} in {self.text!r}")
                self.at = end + 1
                node = ("rep", node, int(low), (int(high) if high else None) if comma else int(low))
            if self.peek() == "?":
                raise Unsupported(f"a lazy repetition in {self.text!r}")
        return node


def _digit(c: str) -> int:
    """The set holding the character ``c``: itself when a digit, else empty."""
    return 1 << (ord(c) - 48) if "0" <= c <= "9" else 0


def _range(low: str, high: str) -> int:
    if low > high:
        raise Unsupported(f"range {low}-{high}")
    return sum(_digit(chr(c)) for c in range(ord(low), ord(high) + 1))


class _NFA:
    """Thompson's construction: ``edges[s]`` the (digit mask, target) pairs of state ``s``,
    ``empty[s]`` the states it reaches without a digit."""

    def __init__(self):
        self.edges: list[list[tuple[int, int]]] = []
        self.empty: list[list[int]] = []

    def state(self) -> int:
        self.edges.append([])
        self.empty.append([])
        return len(self.edges) - 1

    def build(self, node, start: int) -> int:
        """Add ``node`` from ``start``; returns its end state. Each piece starts at a state of
        its own, so that a loop in one never lets another piece run again."""
        begin = self.state()
        self.empty[start].append(begin)
        kind = node[0]
        if kind == "set":
            end = self.state()
            if node[1]:
                self.edges[begin].append((node[1], end))
            return end
        if kind == "cat":
            for item in node[1]:
                begin = self.build(item, begin)
            return begin
        if kind == "alt":
            end = self.state()
            for branch in node[1]:
                self.empty[self.build(branch, begin)].append(end)
            return end
        _, item, low, high = node
        for _ in range(low):
            begin = self.build(item, begin)
        end = self.state()
        self.empty[begin].append(end)
        if high is None:  # as many more as there are
            self.empty[self.build(item, begin)].append(begin)
            return end
        for _ in range(high - low):
            begin = self.build(item, begin)
            self.empty[begin].append(end)
        return end

    def closure(self, states) -> frozenset[int]:
        seen, todo = set(states), list(states)
        while todo:
            for t in self.empty[todo.pop()]:
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return frozenset(seen)


@dataclass(frozen=True)
class Machine:
    """A deterministic automaton over the digits: ``transitions[s, d]`` the state after digit
    ``d`` (state 0 is dead: no pattern can match any more), ``accepts[s]`` the patterns that
    accept in ``s`` (bit ``i``: the ``i``-th), starting at state 1."""

    transitions: np.ndarray  # int32, (states, 10)
    accepts: np.ndarray  # uint64, (states,)

    def run(self, digits: str) -> int:
        """The accepting patterns after ``digits`` (the readable twin of the engine's loop)."""
        if not (digits.isascii() and (digits.isdigit() or not digits)):
            raise ValueError(f"{digits!r} is not ASCII digits")
        state = 1
        for c in digits:
            state = int(self.transitions[state, ord(c) - 48])
        return int(self.accepts[state])


# The digits of each 10-bit set of digits.
_DIGITS_OF = tuple(tuple(d for d in range(10) if mask >> d & 1) for mask in range(1 << 10))


def machine(patterns: list[tuple[str, str]]) -> Machine:
    """One automaton for ``patterns``, each ``(pattern, how)``: bit ``i`` of a state's accepts
    says pattern ``i`` matches the digits read (``WHOLE``), some start of them (``START``, as
    ``re.match``) or some start of at least one digit (``STARTED``). Raises ``Unsupported``, or
    ``ValueError`` past ``MAX_STATES`` states."""
    if len(patterns) > 64:
        raise ValueError("at most 64 patterns in one automaton")
    nfa = _NFA()
    start = nfa.state()
    accept: dict[int, int] = {}
    started = 0  # the bits of STARTED patterns: none accepts before a digit is read
    for i, (pattern, how) in enumerate(patterns):
        if how not in (WHOLE, START, STARTED):
            raise ValueError(f"{how!r} is not one of {WHOLE!r}, {START!r}, {STARTED!r}")
        started |= (how == STARTED) << i
        for node, anchored in parse(pattern):
            first = len(nfa.edges)  # the branch's states are this one and those after it
            end = nfa.build(node, start)
            if how == START and not anchored:  # a start of the digits: then any digits
                nfa.edges[end].append((DIGITS, end))
            elif how == STARTED and not anchored:
                end = _after_a_digit(nfa, first, end)
            accept[end] = accept.get(end, 0) | (1 << i)
    # Subsets of the states a digit leads to (the start's and those), as bit sets over their
    # numbers here (``bit``); each one's closure, moves and accepts worked out once (``step``).
    bit: dict[int, int] = {}
    members: list[int] = []
    steps: list[tuple[tuple[int, ...], int]] = []

    def number(state: int) -> int:
        found = bit.get(state)
        if found is None:
            found = bit[state] = len(members)
            members.append(state)
        return found

    def step(i: int) -> tuple[tuple[int, ...], int]:
        while len(steps) <= i:
            targets = [0] * 10
            accepted = 0
            for u in nfa.closure([members[len(steps)]]):
                accepted |= accept.get(u, 0)
                for mask, t in nfa.edges[u]:
                    to = 1 << number(t)
                    for d in _DIGITS_OF[mask]:
                        targets[d] |= to
            steps.append((tuple(targets), accepted))
        return steps[i]

    first = 1 << number(start)
    index = {0: 0, first: 1}
    order = [0, first]
    rows: list[list[int]] = []
    masks: list[int] = []
    for states in order:  # grows as new subsets are met
        moved = [0] * 10
        accepted = 0
        while states:
            low = states & -states
            targets, accepts_here = step(low.bit_length() - 1)
            states ^= low
            accepted |= accepts_here
            moved = [m | t for m, t in zip(moved, targets, strict=True)]
        row = []
        for target in moved:
            found = index.get(target)
            if found is None:
                if len(order) >= MAX_STATES:
                    raise ValueError(f"more than {MAX_STATES} states")
                found = index[target] = len(order)
                order.append(target)
            row.append(found)
        rows.append(row)
        masks.append(accepted)
    masks[1] &= ~started  # state 1 is where no digit has been read (no digit leads back to it)
    accepts = np.array(masks, dtype=np.uint64)
    return Machine(np.array(rows, dtype=np.int32).reshape(-1, 10), accepts)


def _after_a_digit(nfa: _NFA, first: int, end: int) -> int:
    """A state that the branch of ``nfa`` built from state ``first`` to ``end`` reaches once it
    has matched a start of one digit or more, and then keeps whatever digits follow: each digit
    that leads to a state from which ``end`` is reached without a digit leads there too. (The
    branch's own ``end``, which it may reach before any digit, then accepts nothing.)"""
    reaches = {end}  # the branch's states that reach ``end`` without a digit
    grew = True
    while grew:
        grew = False
        for u in range(first, len(nfa.edges)):
            if u not in reaches and any(t in reaches for t in nfa.empty[u]):
                reaches.add(u)
                grew = True
    done = nfa.state()
    nfa.edges[done].append((DIGITS, done))
    for u in range(first, done):
        nfa.edges[u] += [(mask, done) for mask, t in nfa.edges[u] if t in reaches]
    return done


def machines(patterns: list[tuple[str, str]]) -> tuple[list[Machine], list[int]]:
    """As few automata as hold ``patterns`` (at most 64 each, and ``MAX_STATES`` states), and
    where each pattern is: its *ref*, 64 times its automaton's index plus its bit there. Raises
    ``Unsupported``."""
    built: list[Machine] = []
    refs = [0] * len(patterns)
    todo = [list(range(i, min(i + 64, len(patterns)))) for i in range(0, len(patterns), 64)]
    while todo:
        chunk = todo.pop(0)
        try:
            one = machine([patterns[i] for i in chunk])
        except Unsupported:
            raise
        except ValueError:
            if len(chunk) == 1:
                raise Unsupported(f"{patterns[chunk[0]][0]!r} takes more than {MAX_STATES} states") from None
            half = len(chunk) // 2
            todo[:0] = [chunk[:half], chunk[half:]]
            continue
        for bit, i in enumerate(chunk):
            refs[i] = len(built) * 64 + bit
        built.append(one)
    return built, refs
