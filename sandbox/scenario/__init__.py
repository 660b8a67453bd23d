"""Scenario files: an integration story on simulation time, written once, replayable, checked."""
