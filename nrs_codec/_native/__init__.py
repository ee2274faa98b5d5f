"""The one compiled extension, ``engine`` (built from ``engine.pyx`` and the ``*.pxi`` files beside
it, one per job); ``nrs_codec.core.engine`` decides whether it is used."""
