"""The campaign-file check (``nrs-codec check``): a whole file of messages checked before it is sent.

- ``sniff``: what a file is by its first bytes (gzip, zip/Excel, Parquet, UTF-16...), for errors
  that say so when the name says otherwise;
- ``sources``: a CSV or JSON Lines file's text as checked UTF-8, decompressed and transcoded;
- ``gunzip``: a file's compressed stream: gzip decompressed by ISA-L where it is installed, the
  others (and gzip without it) by pyarrow;
- ``filebytes``: a chunk's bytes: UTF-8 or not, its line feeds and quote state, where CSV records end,
  the rows of a piece of JSON Lines, text in a single-byte encoding as UTF-8 (compiled, with
  NumPy and Python twins);
- ``arrow_reading``: pyarrow reading a source ahead on its threads, ended safely when reading stops;
- ``blocks``: the blocks of rows the readers hand out, and the limits on their size;
- ``csv_reader``: CSV read in blocks by pyarrow, rows longer than a block and quotes left open;
- ``csv_cut``: CSV cut into blocks after their last record and parsed on the reading thread: how
  a file of many malformed rows, or a row too long for pyarrow's blocks, is read on;
- ``jsonl_reader``: JSON Lines cut into blocks of lines, each parsed on the thread that checks it;
- ``jsonl_columns``: a block of lines parsed by pyarrow where it reads them as ``json.loads``
  does, else line by line, a line pyarrow refuses alone;
- ``formats``: the formats ``check`` reads and the file suffixes that name them;
- ``readers``: the formats (CSV, JSON Lines, Parquet), in blocks of rows, in bounded memory;
- ``report``: the running totals, costs by country and examples of each error;
- ``output``: per-row results written to CSV or Parquet;
- ``csv_text``: a block of results as CSV lines (compiled, pyarrow's writer the twin), formulas
  made inert;
- ``parquet_stitch``: Parquet row groups encoded on several threads, stitched into one file;
- ``blank``: messages the provider answers otherwise than ``analyze_many``: missing although
  they are text (empty, only whitespace), found a column at a time, and not text although
  ``analyze_many`` takes them as missing (a float NaN);
- ``account``: what a block adds to the report (recipients judged and priced, errors with
  examples, costs by country) and its rows' results for the output;
- ``check``: ``run_check``, which ties them to ``analyze_many`` and the price tables, for one
  file or several;
- ``parallel``: a file's blocks checked on a pool of threads, in order (``--workers``);
- ``csv_pieces``: a large CSV file cut into pieces at record boundaries, each piece read and
  parsed on the worker that checks it, from four workers up;
- ``files``: the files a check is given: several, a glob, a directory;
- ``partitions``: files cut into partitions at record boundaries, their rows numbered as a whole;
- ``cluster``: ``run_check_dask``, the check on a Dask cluster, a partition per task
  (``--dask``; how to run it: ``docs/nightly.md``);
- ``part_directory``: the cluster's output, a Parquet file per partition, given its name whole;
- ``errors``: the file's errors (``CheckError``) and the rows' error codes.
"""
