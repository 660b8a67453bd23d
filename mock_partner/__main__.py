"""`python -m mock_partner`: see `mock_partner.cli`."""

import sys

from mock_partner.cli import main

sys.exit(main())
