"""Lookup data written by ``tables/generate.py`` from the source data in ``tables/``: do not edit.

- ``tables``: the 3GPP TS 23.038 character tables (``tables/*.tsv``, ``tables/languages.tsv``);
- ``country_rules``: the country sending rules (``tables/country_rules.json``).

A test fails when a module here is stale; run ``python tables/generate.py`` after changing the data.
"""
