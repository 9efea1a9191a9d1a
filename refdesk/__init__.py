"""refdesk: earn, ask for, track and thank customer referrals."""

import time

# Start-up timings (refdesk --smoke-test) count from here: the first import.
STARTED = time.perf_counter()

# The one place the version is written; pyproject reads it from here.
__version__ = "0.1.0"
