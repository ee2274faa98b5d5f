"""The provider's rules: what ``POST /api/rest/sms`` would answer, before anything is sent.

- ``errors``: the provider's error table (each code of ``core.codes`` with its HTTP status),
  ``ProviderError``, ``Notice``;
- ``body``: request bodies read strictly as JSON, every problem error 125 with where it is;
- ``profile``: the provider limits pre-flight assumes;
- ``fields``: one check per field of the request body; ``message``: the text's parts and encoding;
- ``recipients``: the one recipient validator; ``recipients_many``: the same rule a column at a time,
  with ``number_metadata`` (phonenumbers' metadata of each calling code as it reads it),
  ``digit_machines`` (phonenumbers' patterns as automata over the digits), ``number_programs``
  (a calling code's automata laid out for the compiled engine) and ``program_cache`` (each
  code's program kept on disk between processes);
- ``prices``: price tables; ``money``: amounts and currencies;
- ``countries``: the country sending rules at the send time;
- ``verdict`` and ``preflight``: the predicted answer and the function that makes it.
"""
