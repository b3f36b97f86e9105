"""`python -m essm_sync` runs the command line."""

from essm_sync.cli import main

main()
