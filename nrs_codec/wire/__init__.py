"""The bytes on the wire: what an SMSC or a handset sees, both ways.

- ``segments``: ``encode`` (the parts of ``analyze`` as ``Segment``s) and ``reassemble``;
- ``userdata``: TP-UD, the user data header and its elements, TP-DCS, ``decode_user_data``;
- ``pdu``: SMS-SUBMIT and SMS-DELIVER TPDUs as a GSM modem exchanges them;
- ``septets``: the pure-Python twin of septet conversion and 7-bit packing;
- ``codecs``: Python codecs for unpacked GSM 7-bit text (``"Olá".encode("gsm-pt")``).
"""
