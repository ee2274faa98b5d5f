"""The campaign-file check (``nrs-codec check``): a whole file of messages checked before it is sent.

- ``readers``: CSV, JSON Lines and Parquet read in blocks of rows, in bounded memory;
- ``report``: the running totals, costs by country and examples of each error;
- ``output``: per-row results written to CSV or Parquet;
- ``check``: ``run_check``, which ties them to ``analyze_many`` and the price tables;
- ``errors``: the file's errors (``CheckError``) and the rows' error codes.
"""
