"""The engine: how one message is encoded, counted and split (the bottom floor: it imports nothing
above itself).

- ``codes``: the provider's error codes, by name, written once for every floor;
- ``rules``: encodings, table variants, header sizes, capacities and the choice rule (shared);
- ``results``: ``Analysis`` and the errors, shared by both back ends;
- ``engine``: the back end in use (the compiled extension, or the reference twin), chosen once;
- ``reference``: the pure-Python statement of the counting and splitting rules;
- ``septets``: the pure-Python twin of septet conversion and 7-bit packing;
- ``graphemes``: extended grapheme clusters for ``keep_graphemes``;
- ``national``: per-country presets of the national languages a sender may allow;
- ``smart``: smart encoding, typographic look-alikes replaced by GSM characters;
- ``links``: the http(s) links in a text and the provider's short links;
- ``suggest``: the changes that save parts or avoid ``utf-16`` (smart encoding, line breaks,
  shortened links, another encoding).
"""
