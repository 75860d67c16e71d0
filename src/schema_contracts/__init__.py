"""schema-contracts: the code-execution contract as pydantic models, JSON Schema and a fast validator.

Importing the package is cheap on purpose: it loads neither pydantic nor a validator, so that
``schema-contracts validate`` pays only for what it uses.
"""

__version__ = "0.2.0"

__all__ = ["__version__"]
