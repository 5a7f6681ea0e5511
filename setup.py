"""The one piece of packaging pyproject.toml cannot state.

The curated data lives in the top-level ``ontology/`` folder of the checkout
(reviewable beside the code); in the wheel it is the package ``kg.ontology``,
so ``pip install .`` (not editable) gives a ``kg`` that finds its data
(kg/paths.py). Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["kg", "kg.*"]), "kg.ontology"],
    package_dir={"kg.ontology": "ontology"},
)
