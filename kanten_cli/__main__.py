"""`python -m kanten_cli`."""

from kanten_cli.cli.app import main

if __name__ == "__main__":
    main()
