"""SLIP Desktop: the office tool of the South Leicestershire Inclusion Partnership."""

from importlib import metadata

APP_NAME = "SLIP Desktop"
ORG_NAME = "South Leicestershire Inclusion Partnership"


def _version() -> str:
    try:
        return metadata.version("slip-desktop")
    except metadata.PackageNotFoundError:
        # Running from a source tree or a frozen bundle without dist-info.
        return "0.1.0"


__version__ = _version()
