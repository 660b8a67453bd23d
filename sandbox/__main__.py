"""`python -m sandbox` runs the command line."""

from sandbox.cli import main

raise SystemExit(main())
