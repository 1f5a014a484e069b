"""SLIP Desktop: the office tool of a school inclusion partnership."""

from slip_desktop.domain.partnership import DEFAULTS as _DEFAULTS

APP_NAME = "SLIP Desktop"
#: Where Qt keeps this program's settings: the default name, fixed so that renaming the
#: partnership in Settings never loses them.
ORG_NAME = _DEFAULTS.name

#: The one place the version is written: pyproject.toml, the installer and the About box
#: read it from here (reading it from the package metadata cost 18 ms at every start).
__version__ = "0.1.0"
