"""`python -m policywatch` and the `policywatch` script: the command-line interface."""

from policywatch import gencode, lazyre


def main() -> None:
    """Entry point of the `policywatch` command: patterns and generated methods from cached
    code, then the CLI.

    Set up before the CLI is imported: importing click and the standard library modules it
    pulls in compiles patterns too (see lazyre.cache_every_pattern), and the value classes'
    methods are compiled as their modules are imported (gencode.cache_generated_code)."""
    lazyre.cache_every_pattern()
    gencode.cache_generated_code()
    from policywatch.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
