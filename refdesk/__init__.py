"""refdesk: earn, ask for, track and thank customer referrals."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("refdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
