"""`python -m generator ...` runs the command-line interface."""

from .tools.cli import main

main()
