"""Encore's icons and Qt theme: the repository's ``assets/`` folder, installed as ``encore_assets``.

Read them through :func:`importlib.resources.files` (``desktop/widgets/assets.py``), never by a
path relative to a source file: an installed wheel has no repository around it.
"""
