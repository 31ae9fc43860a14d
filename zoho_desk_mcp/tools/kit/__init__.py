"""What every tool is built from: the registry, the typed context, arguments, pickers, output, errors, text.

The kit imports no domain package: domains import the kit, never the other way round (tests/test_layering.py).
"""
