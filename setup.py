"""Build the Cython core; everything else is declared in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [
            Extension("nrs_codec._core", ["nrs_codec/_core.pyx"]),
            Extension("nrs_codec._cpacking", ["nrs_codec/_cpacking.pyx"]),
        ],
        compiler_directives={"language_level": "3"},
    ),
)
