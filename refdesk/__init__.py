"""refdesk: earn, ask for, track and thank customer referrals."""

import time
from importlib.metadata import PackageNotFoundError, version

# Start-up timings (refdesk --smoke-test) count from here: the first import.
STARTED = time.perf_counter()

try:
    __version__ = version("refdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
