"""The bytes on the wire: what an SMSC or a handset sees, both ways.

- ``segments``: ``encode`` (the parts of ``analyze`` as ``Segment``s) and ``reassemble``;
- ``userdata``: TP-UD, the user data header and its elements, ``decode_user_data``;
- ``dcs``: TP-DCS, the data coding scheme;
- ``address``: TP-DA, TP-OA, TP-RA and the SMSC address;
- ``validity``: TP-VP in its relative, absolute and enhanced formats;
- ``tpdu``: what every TPDU reader shares (octets from hex, a reader that names the field);
- ``pdu``: SMS-SUBMIT and SMS-DELIVER TPDUs as a GSM modem exchanges them, ``decode_pdu``;
- ``reports``: SMS-STATUS-REPORT, SMS-COMMAND, SMS-SUBMIT-REPORT and SMS-DELIVER-REPORT;
- ``causes``: what TP-Status and TP-Failure-Cause values mean;
- ``binary``: 8-bit binary messages with application port addressing;
- ``reassembler``: streaming reassembly of parts from many originators, in bounded memory;
- ``codecs``: Python codecs for unpacked GSM 7-bit text (``"Olá".encode("gsm-pt")``).
"""
