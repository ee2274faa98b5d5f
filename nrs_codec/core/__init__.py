"""The engine: how one message is encoded and split.

- ``rules``: encodings, table variants, header sizes, capacities and the choice rule (shared);
- ``results``: ``Analysis`` and the errors, shared by both back ends;
- ``reference``: the pure-Python statement of the counting and splitting rules;
- ``engine``: the back end in use (the compiled extension, or the reference);
- ``graphemes``: extended grapheme clusters for ``keep_graphemes``;
- ``smart``: smart encoding, typographic look-alikes replaced by GSM characters;
- ``suggest``: the changes that save parts or avoid ``utf-16`` (smart encoding, line breaks,
  shortened links, another encoding).
"""
