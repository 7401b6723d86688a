"""``python -m kitchen``: see :mod:`kitchen.cli`."""

import sys

from kitchen.cli import main

sys.exit(main())
