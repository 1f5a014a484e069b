"""SLIP Desktop: the office tool of the South Leicestershire Inclusion Partnership."""

APP_NAME = "SLIP Desktop"
ORG_NAME = "South Leicestershire Inclusion Partnership"

#: The one place the version is written: pyproject.toml, the installer and the About box
#: read it from here (reading it from the package metadata cost 18 ms at every start).
__version__ = "0.1.0"
