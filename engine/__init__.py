"""Encore's headless core: library, analysis, recommendations, stores and events.

Nothing in this package imports a GUI toolkit; ``tests/unit/test_layering.py`` keeps it so.
"""
