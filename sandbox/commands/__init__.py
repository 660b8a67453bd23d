"""One module per `sandbox` sub-command; `sandbox.cli` lists them in COMMANDS."""
