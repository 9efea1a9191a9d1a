"""The bundle's entry point: the same `refdesk` command pip installs."""

import sys

from refdesk.cli import main

sys.exit(main())
