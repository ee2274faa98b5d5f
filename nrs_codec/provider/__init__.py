"""The provider's rules: what ``POST /api/rest/sms`` would answer, before anything is sent.

- ``errors``: the one error table (code, HTTP status, description), ``ProviderError``, ``Notice``;
- ``profile``: the provider limits pre-flight assumes;
- ``fields``: one check per field of the request body; ``message``: the text's parts and encoding;
- ``recipients``: the one recipient validator; ``prices``: price tables; ``money``: amounts;
- ``countries``: the country sending rules at the send time;
- ``verdict`` and ``preflight``: the predicted answer and the function that makes it.
"""
