"""`python -m policywatch` and the `policywatch` script: the command-line interface."""

from policywatch import lazyre


def main() -> None:
    """Entry point of the `policywatch` command: patterns from cached code, then the CLI.

    Set up before the CLI is imported: importing click and the standard library modules it
    pulls in compiles patterns too (see lazyre.cache_every_pattern)."""
    lazyre.cache_every_pattern()
    from policywatch.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
