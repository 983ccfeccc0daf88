"""`python -m policywatch` runs the command-line interface."""

from policywatch.cli import main

if __name__ == "__main__":
    main()
