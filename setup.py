"""The one packaging rule pyproject.toml cannot state: ``assets/`` ships as ``encore_assets``.

``assets/`` stays at the top of the repository; setuptools' package discovery only finds
packages under their own names, so the mapped package is added here. Everything else about
the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["engine*", "desktop*", "backend*"]),
        # The data folders are listed as packages too: setuptools only ships a folder's files
        # without warning when the folder is a package.
        "encore_assets",
        "encore_assets.icons",
        "encore_assets.linux",
        "encore_assets.translations",
    ],
    package_dir={"encore_assets": "assets"},
)
