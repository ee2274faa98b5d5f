"""Build the one compiled extension; everything else is declared in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [
            Extension(
                "nrs_codec._native.engine",
                ["nrs_codec/_native/engine.pyx"],
                include_dirs=["nrs_codec/_native"],  # simd.h, filebytes.h
                depends=["nrs_codec/_native/simd.h", "nrs_codec/_native/filebytes.h"],
            )
        ],
        compiler_directives={"language_level": "3"},
    ),
)
