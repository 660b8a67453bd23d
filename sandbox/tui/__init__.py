"""The Textual console over a `SimulatorApi`; the only package in the sandbox that imports Textual."""
