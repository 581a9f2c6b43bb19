"""`python -m netcore.train`: train a network from the terminal (see netcore.cli)."""

from netcore.cli import main

raise SystemExit(main())
