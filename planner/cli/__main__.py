"""`python -m planner.cli`: the same as the `planner` command."""

if __name__ == "__main__":
    from planner.cli.entry import run

    run()
