"""`python -m bot`: the same command line as the `jejak` console script."""

from bot.cli.app import main

if __name__ == "__main__":
    main()
