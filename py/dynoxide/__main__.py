"""`python -m dynoxide` is the `dynoxide` command."""
from .cli import main

raise SystemExit(main())
