"""A calling code's automata (``digit_machines``) and how its verdict reads them, laid out for
the engine's judge of a column of numbers (``_native/numbers.pxi``).

- ``Region``: one country of a calling code, its patterns and possible lengths;
- ``Program``: a calling code's automata, and ``judge``, the engine's verdict loop in Python;
- ``Bank``: the programs of the calling codes met so far, as the flat arrays the engine reads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from .digit_machines import START, WHOLE, Machine, Unsupported
from .digit_machines import machines as automata_for

MAX_MACHINES = 8  # automata of one calling code (the engine's bound)
ANY_LENGTH = (1 << 21) - 1  # a mask of lengths 0 to 20: no restriction
MIN_NSN, MAX_NSN = 2, 17  # phonenumbers' bounds on a national significant number


def length_mask(lengths) -> int:
    """The lengths 0 to 20 of ``lengths`` as a mask (None: any length)."""
    if lengths is None:
        return ANY_LENGTH
    return sum(1 << n for n in set(lengths) if 0 <= n <= 20)


@dataclass(frozen=True)
class Region:
    """How one country of a calling code reads the automata: a number is of a known type there
    when ``general`` accepts it at one of ``general_lengths`` and one of ``groups`` (pattern,
    lengths mask) accepts it at one of its lengths; the country claims the number when
    ``leading`` (a pattern matched at the start) accepts, or, without one, when it is typed."""

    name: str
    general: str
    general_lengths: int
    groups: tuple[tuple[str, int], ...]
    leading: str | None


@dataclass(frozen=True)
class Strip:
    """How ``phonenumbers.parse`` strips a national prefix kept after the calling code: the
    first of ``prefixes`` (patterns of ``widths`` digits each, in the order ``re.match`` tries
    them: ``number_metadata.tried``) the number starts with goes, unless the number matched its
    main country's general pattern and the rest does not, or the rest's length is not one
    ``lengths`` (a mask) holds: a possible length, or one past them all."""

    prefixes: tuple[str, ...]
    widths: tuple[int, ...]
    lengths: int


@dataclass(frozen=True)
class Program:
    """The automata of one calling code and how its verdict reads them: a number starting with
    ``prefix`` (a national prefix ``phonenumbers.parse`` may strip) is judged on its own, unless
    ``strip`` says how it is stripped (then it is judged as it is left); the first of
    ``regions`` to claim the number is its country (the only one claims it, when alone)."""

    code: int
    machines: tuple[Machine, ...]
    prefix_ref: int  # -1: none
    regions: tuple[Region, ...]
    refs: dict  # (region index, "general" / "leading" / group index, or ("strip", i)) -> ref
    strip: Strip | None = None

    @classmethod
    def build(
        cls,
        code: int,
        prefix: str | None,
        regions: list[Region],
        prefix_how: str = START,
        strip: Strip | None = None,
    ) -> Program:
        """``prefix_how``: ``START`` where any match of the national prefix may change the
        number, ``STARTED`` where a match of no digits leaves it as it is. Raises
        ``Unsupported`` for a pattern outside the syntax read here."""
        patterns: list[tuple[str, str]] = []
        where: dict = {}  # (region index, "general" / "leading" / group index) -> pattern index
        if prefix:
            where["prefix"] = len(patterns)
            patterns.append((prefix, prefix_how))
        for r, region in enumerate(regions):
            where[r, "general"] = len(patterns)
            patterns.append((region.general, WHOLE))
            if region.leading is not None:
                where[r, "leading"] = len(patterns)
                patterns.append((region.leading, START))
            for g, (pattern, _) in enumerate(region.groups):
                where[r, g] = len(patterns)
                patterns.append((pattern, WHOLE))
        for i, digits in enumerate(strip.prefixes if strip else ()):
            where["strip", i] = len(patterns)
            patterns.append((digits, START))
        built, placed = automata_for(patterns)
        if len(built) > MAX_MACHINES:
            raise Unsupported(f"calling code {code}: more than {MAX_MACHINES} automata")
        refs = {key: placed[i] for key, i in where.items()}
        return cls(code, tuple(built), refs.pop("prefix", -1), tuple(regions), refs, strip)

    def judge(self, national: str) -> tuple[int, bool] | None:
        """The verdict on a national number (digits after the calling code), as the engine
        reads it: ``(region index or -1, valid)``, or None when it is judged on its own (its
        length out of phonenumbers' range, or a national prefix at its start that ``strip``
        does not say how to take off)."""
        if not MIN_NSN <= len(national) <= MAX_NSN:
            return None
        masks = [m.run(national) for m in self.machines]

        def holds(ref: int) -> bool:
            return bool(masks[ref // 64] >> (ref % 64) & 1)

        if self.prefix_ref >= 0 and holds(self.prefix_ref):
            if self.strip is None:
                return None
            taken = next(w for i, w in enumerate(self.strip.widths) if holds(self.refs["strip", i]))
            rest = national[taken:]
            general = self.refs[0, "general"]  # the main country's pattern, which parse reads
            viable = holds(general)
            whole = masks
            masks = [m.run(rest) for m in self.machines]
            if self.strip.lengths >> len(rest) & 1 and not (viable and not holds(general)):
                national = rest
            else:
                masks = whole  # phonenumbers keeps the number as it is
        length = 1 << len(national)
        for r, region in enumerate(self.regions):
            typed = (
                holds(self.refs[r, "general"])
                and bool(region.general_lengths & length)
                and any(
                    holds(self.refs[r, g]) and lengths & length
                    for g, (_, lengths) in enumerate(region.groups)
                )
            )
            if len(self.regions) == 1:
                return r, typed
            leading = self.refs.get((r, "leading"), -1)
            if holds(leading) if leading >= 0 else typed:
                return r, typed
        return -1, False


class Bank:
    """The programs of the calling codes met so far, laid out flat for the engine: one table of
    states for every automaton, and rows of ints for programs, regions and groups. Programs are
    added under a lock and the arrays replaced, never changed: a judge holds the ones it took."""

    def __init__(self):
        self.lock = threading.Lock()
        self.programs: dict[int, Program | None] = {}
        self.names: list[str] = []  # each region's country, by region row
        self.order: list[tuple[int, int]] = []  # each region's (calling code, position)
        # The tables' pieces, joined when codes are added: state 0 is the one dead state.
        self.transitions = [np.zeros((1, 10), dtype=np.int32)]
        self.accepts = [np.zeros(1, dtype=np.uint64)]
        self.starts: list[int] = []
        self.rows: dict[str, list[tuple[int, ...]]] = {"program": [], "region": [], "group": [], "strip": []}
        self.states = 1
        self.code_program = np.full(1000, -1, dtype=np.int32)
        self.tables = self._joined()

    def ensure(self, codes, build) -> _Tables:
        """The tables, with a program for each of ``codes`` (``build(code)`` makes one; None
        judges that code's numbers one by one)."""
        if any(c not in self.programs for c in codes):
            with self.lock:
                missing = [c for c in codes if c not in self.programs]
                for code in missing:
                    self._add(code, build(code))
                if missing:
                    self.tables = self._joined()
        return self.tables

    def _add(self, code: int, program: Program | None) -> None:
        self.programs[code] = program
        if program is None:
            self.code_program[code] = -2
            return
        self.code_program[code] = len(self.rows["program"])
        m0 = len(self.starts)
        for m in program.machines:
            # Its state s > 0 is state ``states + s - 1`` here; its dead state 0, the one dead state.
            moved = m.transitions + (self.states - 1)
            moved[m.transitions == 0] = 0
            self.transitions.append(moved[1:])
            self.accepts.append(m.accepts[1:])
            self.starts.append(self.states)
            self.states += len(m.accepts) - 1
        regions, groups = self.rows["region"], self.rows["group"]
        r0 = len(regions)
        for r, region in enumerate(program.regions):
            g0 = len(groups)
            groups += [(program.refs[r, g], lengths) for g, (_, lengths) in enumerate(region.groups)]
            general, leading = program.refs[r, "general"], program.refs.get((r, "leading"), -1)
            regions.append((general, region.general_lengths, leading, g0, len(groups), len(self.names)))
            self.names.append(region.name)
            self.order.append((code, r))
        alone = int(len(program.regions) == 1)
        strips, s0 = self.rows["strip"], len(self.rows["strip"])
        if program.strip is not None:
            strips += [(program.refs["strip", i], w) for i, w in enumerate(program.strip.widths)]
        lengths = program.strip.lengths if program.strip is not None else 0
        self.rows["program"].append(
            (
                m0,
                len(self.starts),
                len(str(code)),
                program.prefix_ref,
                r0,
                len(regions),
                alone,
                s0,
                len(strips),
                lengths,
            )
        )

    def _joined(self) -> _Tables:
        def rows(name: str, width: int) -> np.ndarray:
            return np.array(self.rows[name], dtype=np.int32).reshape(-1, width)

        return _Tables(
            np.concatenate(self.transitions).astype(np.int32),
            np.concatenate(self.accepts).astype(np.uint64),
            np.array(self.starts, dtype=np.int32),
            rows("program", 10),
            rows("region", 6),
            rows("group", 2),
            rows("strip", 2),
            self.code_program.copy(),
        )


@dataclass(frozen=True)
class _Tables:
    """What the engine reads: ``transitions`` (states x 10) and ``accepts`` of every automaton
    (state 0 the dead one), each automaton's start state (``starts``), and a row per program
    (first and end automaton, calling code's digits, prefix ref, first and end region, alone,
    first and end strip, the lengths a stripped number may have), region (general ref, general
    lengths, leading ref or -1, first and end group, name), group (ref, lengths) and strip (the
    ref of a national prefix of digits, its length: ``Strip``); ``code_program`` the program of
    each calling code 0-999 (-1: none yet, -2: judged one by one)."""

    transitions: np.ndarray
    accepts: np.ndarray
    starts: np.ndarray
    program: np.ndarray
    region: np.ndarray
    group: np.ndarray
    strip: np.ndarray
    code_program: np.ndarray
