# Recipients a column at a time, for ``nrs_codec.provider.recipients_many`` and the price tables of
# ``nrs_codec.provider.prices``: passes over an Arrow string column's buffers without the GIL. The first finds each plain number's calling code;
# the second runs the code's automata (``provider.digit_machines``: phonenumbers' patterns over
# the ten digits, all of a code's patterns in one walk) and reads the verdict from the patterns
# that accept. The RE2 path in ``recipients_many`` is the readable twin, held to this by tests.
# ``longest_prefixes`` finds each number's longest prefix of a price table in one walk down a trie
# (``PriceTable.lookup`` one row at a time is its twin).

DEF MAX_MACHINES = 8  # of one calling code: digit_machines.MAX_MACHINES
DEF MIN_NSN = 2
DEF MAX_NSN = 17


def number_codes(const int32_t[::1] offsets not None, const uint8_t[::1] data not None,
                 const uint8_t[::1] validity, Py_ssize_t first_bit,
                 const uint8_t[::1] known not None, int32_t[::1] code not None) -> None:
    """Each row's calling code into ``code``: the first of its 1-, 2- and 3-digit starts that
    ``known`` (1,000 flags) holds; -1 for ASCII digits of another length than 3 to 20 (which
    ``phonenumbers.parse`` must read), 0 for any other row that is not plain (null, not ASCII
    digits, the first 0) or whose code is not known. ``offsets`` are the rows' (``len(code) +
    1``), into ``data``; ``validity`` the column's bitmap from bit ``first_bit`` (None: no nulls)."""
    cdef Py_ssize_t n = code.shape[0], i, j, a, b, bit
    cdef int d0, c2, c3, found
    cdef const uint8_t *bits = NULL
    if offsets.shape[0] != n + 1 or known.shape[0] < 1000:
        raise ValueError("offsets must hold one more than the rows, known 1,000 flags")
    if n == 0:
        return
    if offsets[0] < 0 or offsets[n] > data.shape[0] or offsets[n] < offsets[0]:
        raise ValueError("offsets point outside the data")
    if validity is not None:
        if (first_bit + n + 7) // 8 > validity.shape[0]:
            raise ValueError("the validity bitmap is shorter than the rows")
        bits = &validity[0]
    with nogil:
        for i in range(n):
            code[i] = 0
            a, b = offsets[i], offsets[i + 1]
            if a == b:
                continue
            if bits != NULL:
                bit = first_bit + i
                if not (bits[bit >> 3] >> (bit & 7)) & 1:
                    continue
            found = 1
            for j in range(a, b):
                if data[j] < 48 or data[j] > 57:
                    found = 0
                    break
            if found and (b - a < 3 or b - a > 20):
                code[i] = -1
                continue
            d0 = data[a] - 48
            if not found or d0 == 0:
                continue
            c2 = d0 * 10 + data[a + 1] - 48
            c3 = c2 * 10 + data[a + 2] - 48
            if known[d0]:
                code[i] = d0
            elif known[c2]:
                code[i] = c2
            elif known[c3]:
                code[i] = c3


cdef inline bint _holds(const uint64_t *masks, int ref) noexcept nogil:
    return (masks[ref >> 6] >> (ref & 63)) & 1


cdef inline void _run_automata(const uint8_t[::1] data, Py_ssize_t start, Py_ssize_t length,
                       const int32_t[:, ::1] transitions, const uint64_t[::1] accepts,
                       const int32_t[::1] starts, int m0, int machines, uint64_t *masks) noexcept nogil:
    """The patterns of each of a program's automata that accept ``length`` digits from ``start``."""
    cdef int k, s, d
    cdef Py_ssize_t j
    for k in range(machines):
        s = starts[m0 + k]
        for j in range(start, start + length):
            d = data[j] - 48
            if d < 0 or d > 9:  # not a digit after all: no pattern matches
                s = 0
                break
            s = transitions[s, d]
            if s == 0:
                break
        masks[k] = accepts[s]


DEF LANES = 4  # numbers walked side by side
DEF CHUNK = 256  # rows whose walks are made before their verdicts are read


cdef inline void _walk_together(const uint8_t *data, const Py_ssize_t *first, const int *length,
                                int *state, int count, const int32_t *moves) noexcept nogil:
    """Walk ``count`` numbers through their automata (``moves``: states x 10), each from its
    ``state`` over ``length`` digits from ``data + first``, ``LANES`` side by side: one number's
    next state is loaded while another's is, instead of one walk waiting on each load in turn
    (the automata of every country do not fit in a core's cache). The state after a byte that
    is not a digit is the dead one, as in ``_run_automata``."""
    cdef int g, l, j, top, d
    cdef int s[LANES]
    cdef int left[LANES]
    cdef const uint8_t *at[LANES]
    for g in range(0, count, LANES):
        top = 0
        for l in range(LANES):  # a fixed number of lanes, kept in registers; the last group's
            if g + l < count:  # lanes past ``count`` walk no digit
                s[l], left[l], at[l] = state[g + l], length[g + l], data + first[g + l]
            else:
                s[l], left[l], at[l] = 0, 0, data
            if left[l] > top:
                top = left[l]
        for j in range(top):
            for l in range(LANES):
                if j < left[l]:
                    d = at[l][j] - 48
                    s[l] = moves[s[l] * 10 + d] if 0 <= d <= 9 else 0
        for l in range(LANES):
            if g + l < count:
                state[g + l] = s[l]


def judge_numbers(const int32_t[::1] offsets not None, const uint8_t[::1] data not None,
                  const int32_t[::1] code not None, const int32_t[:, ::1] transitions not None,
                  const uint64_t[::1] accepts not None, const int32_t[::1] starts not None,
                  const int32_t[:, ::1] program not None, const int32_t[:, ::1] region not None,
                  const int32_t[:, ::1] group not None, const int32_t[:, ::1] strip not None,
                  const int32_t[::1] code_program not None,
                  int32_t[::1] found not None, uint8_t[::1] valid not None,
                  uint8_t[::1] alone not None) -> None:
    """Each row of calling code ``code`` judged by its program (``digit_machines.Bank``'s
    tables): ``found`` the region row that claims it (-1: none), ``valid`` whether it is of a
    known type there, ``alone`` 1 for a row to judge on its own (no code, no program, a national
    number of another length than 2 to 17 digits, or a national prefix at its start that the
    program's ``strip`` rows do not say how to take off: ``number_programs.Strip``)."""
    cdef Py_ssize_t n = code.shape[0], i, start, length, rest
    cdef Py_ssize_t states = accepts.shape[0]
    cdef int c, p, k, m0, machines, r, g, ref, general, taken
    cdef bint typed, claim, viable
    cdef uint32_t lengths
    cdef uint64_t masks[MAX_MACHINES]
    cdef uint64_t whole[MAX_MACHINES]
    cdef Py_ssize_t i0, i1
    cdef Py_ssize_t first[CHUNK]
    cdef int judged[CHUNK]
    cdef int lane[CHUNK]
    cdef int walked[CHUNK]
    cdef int state[CHUNK]
    cdef int count
    if offsets.shape[0] != n + 1 or found.shape[0] != n or valid.shape[0] != n or alone.shape[0] != n:
        raise ValueError("the columns must be as long as the rows")
    if transitions.shape[0] != states or transitions.shape[1] != 10 or code_program.shape[0] < 1000:
        raise ValueError("malformed tables")
    if program.shape[1] != 10 or region.shape[1] != 6 or group.shape[1] != 2 or strip.shape[1] != 2:
        raise ValueError("malformed tables")
    if n and (offsets[0] < 0 or offsets[n] > data.shape[0] or offsets[n] < offsets[0]):
        raise ValueError("offsets point outside the data")
    for k in range(10 if states else 0):  # the walks go on from the dead state, and stay there
        if transitions[0, k] != 0:
            raise ValueError("malformed tables: state 0 must lead only to itself")
    with nogil:
        for i0 in range(0, n, CHUNK):
            i1 = i0 + CHUNK if i0 + CHUNK < n else n
            # The walks of the rows of one automaton (nearly all), side by side; the others walk
            # theirs below, as does a number left after its national prefix.
            count = 0
            for i in range(i0, i1):
                judged[i - i0] = -1  # the row's program; -1: judged on its own
                lane[i - i0] = -1
                c = code[i]
                if c <= 0 or c >= 1000 or code_program[c] < 0:
                    continue
                p = code_program[c]
                start = offsets[i] + program[p, 2]
                length = offsets[i + 1] - start
                if length < MIN_NSN or length > MAX_NSN or program[p, 1] - program[p, 0] > MAX_MACHINES:
                    continue
                judged[i - i0] = p
                if program[p, 1] - program[p, 0] == 1:
                    lane[i - i0] = count
                    first[count] = start
                    walked[count] = <int> length
                    state[count] = starts[program[p, 0]]
                    count += 1
            if count:
                _walk_together(&data[0], first, walked, state, count, &transitions[0, 0])
            for i in range(i0, i1):
                found[i] = -1
                valid[i] = 0
                alone[i] = 1
                p = judged[i - i0]
                if p < 0:
                    continue
                start = offsets[i] + program[p, 2]
                length = offsets[i + 1] - start
                m0 = program[p, 0]
                machines = program[p, 1] - m0
                if lane[i - i0] >= 0:
                    masks[0] = accepts[state[lane[i - i0]]]
                else:
                    _run_automata(data, start, length, transitions, accepts, starts, m0, machines, masks)
                ref = program[p, 3]
                if ref >= 0 and _holds(masks, ref):
                    # A national prefix: phonenumbers takes off the first of the strings its pattern
                    # tries that matches, unless the number matched the main country's general
                    # pattern and the rest does not, or the rest's length is not one it takes
                    # (``Strip``); none of them for this code: the number is judged on its own.
                    taken = -1
                    for k in range(program[p, 7], program[p, 8]):
                        if _holds(masks, strip[k, 0]):
                            taken = strip[k, 1]
                            break
                    if taken < 0 or taken > length:
                        continue
                    rest = length - taken
                    general = region[program[p, 4], 0]
                    viable = _holds(masks, general)
                    for k in range(machines):
                        whole[k] = masks[k]
                    _run_automata(data, start + taken, rest, transitions, accepts, starts, m0, machines, masks)
                    if ((<uint32_t> program[p, 9]) >> rest) & 1 and not (viable and not _holds(masks, general)):
                        length = rest
                    else:
                        for k in range(machines):
                            masks[k] = whole[k]
                alone[i] = 0
                lengths = (<uint32_t> 1) << length
                for r in range(program[p, 4], program[p, 5]):
                    typed = False
                    if _holds(masks, region[r, 0]) and (<uint32_t> region[r, 1]) & lengths:
                        for g in range(region[r, 3], region[r, 4]):
                            if _holds(masks, group[g, 0]) and (<uint32_t> group[g, 1]) & lengths:
                                typed = True
                                break
                    if program[p, 6]:
                        claim = True
                    elif region[r, 2] >= 0:
                        claim = _holds(masks, region[r, 2])
                    else:
                        claim = typed
                    if claim:
                        found[i] = r
                        valid[i] = typed
                        break


def longest_prefixes(const int32_t[::1] offsets not None, const uint8_t[::1] data not None,
                     const uint8_t[::1] validity, Py_ssize_t first_bit,
                     const int32_t[:, ::1] trie not None, const int32_t[::1] ends not None,
                     int64_t[::1] out not None) -> None:
    """Each row's longest prefix of a price table into ``out`` (-1: none, or a null row): a
    walk down ``trie`` (node 1 the root, ``trie[node, digit]`` the next node, 0 none) over the
    row's digits, ``ends[node]`` the prefix that ends at a node (-1: none)."""
    cdef Py_ssize_t n = out.shape[0], i, j
    cdef Py_ssize_t nodes = trie.shape[0]
    cdef int node, d, best
    cdef const uint8_t *bits = NULL
    if offsets.shape[0] != n + 1 or ends.shape[0] != nodes or trie.shape[1] != 10 or nodes < 2:
        raise ValueError("malformed offsets or trie")
    if n == 0:
        return
    if offsets[0] < 0 or offsets[n] > data.shape[0] or offsets[n] < offsets[0]:
        raise ValueError("offsets point outside the data")
    if validity is not None:
        if (first_bit + n + 7) // 8 > validity.shape[0]:
            raise ValueError("the validity bitmap is shorter than the rows")
        bits = &validity[0]
    for i in range(nodes):
        for d in range(10):
            if trie[i, d] < 0 or trie[i, d] >= nodes:
                raise ValueError("the trie points outside itself")
    with nogil:
        for i in range(n):
            best = -1
            if bits == NULL or (bits[(first_bit + i) >> 3] >> ((first_bit + i) & 7)) & 1:
                node = 1
                for j in range(offsets[i], offsets[i + 1]):
                    d = data[j] - 48
                    if d < 0 or d > 9:
                        break
                    node = trie[node, d]
                    if node == 0:
                        break
                    if ends[node] >= 0:
                        best = ends[node]
            out[i] = best
