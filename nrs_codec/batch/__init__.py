"""Batch analysis: many messages at once, one row out per row in.

``nrs_codec.analyze_many(texts, encoding="auto", *, allowed=..., keep_graphemes=False, ref16=False,
extra_udh=0, force_shifts=False, workers=1) -> Batch`` runs the engine in use (see
``nrs_codec.core.engine``) over many rows. It takes a list or tuple of ``str``, a NumPy array, a
pandas Series, or a pyarrow ``string`` / ``large_string`` array or chunked array, and gives one row
out per row in, in order.
A bad row never aborts the batch; its ``error`` column holds the provider's code:

- 104 the value is missing (``None``, NaN, pandas ``NA``, an Arrow null);
- 105 the text needs more than 255 parts (the provider's "text message too long": a
  concatenated SMS cannot address more);
- 113 the encoding (forced, or every one ``auto`` may choose) cannot represent the text;
- 422 the value is not text: not a ``str``, invalid UTF-8 in an Arrow buffer, or a lone surrogate.

A row with an error has ``encoding == NO_ENCODING`` and zeros in every count column. Options that
are wrong for the whole call (an unknown encoding, a bad ``extra_udh``) raise as ``analyze`` does.

With the compiled back end, its row kernel reads ``str`` rows through their PEP 393 buffers and
Arrow rows straight from their UTF-8 buffers, without the GIL, over ``workers`` threads.
``keep_graphemes=True`` needs the Unicode grapheme rules of the ``regex`` module, so that path
analyses row by row in Python (through the compiled ``analyze``) and ignores ``workers``.

- ``many``: ``analyze_many``, over the compiled row kernel or row by row;
- ``inputs``: the input adapters (lists, NumPy, pandas, Arrow) and their checks;
- ``arrow``: an Arrow array's offsets, views and bitmaps checked against its buffers before any read;
- ``threads``: the worker threads, shared by every call, and how rows are cut into tasks;
- ``results``: ``Batch`` (the columns) and ``Totals`` (their aggregates);
- ``distributed``: the same over the partitions of a Dask collection (extra ``[dask]``).
"""
