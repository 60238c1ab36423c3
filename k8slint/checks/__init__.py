"""Built-in Python rules, one module each; discovered by walking this package."""
