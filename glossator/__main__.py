from glossator.cli.main import run

run()
