"""Destination Sandbox: AEP destinations, audiences and the Edge Network, on one machine.

The package root stays tiny and Textual-free; import the concept modules directly.
"""

__version__ = "0.1.0"
