"""The demo site: "Sandbox Stays", a home-rental page personalized by the real Web SDK via the Edge.

See `sandbox.demo.site` for how a real browser reaches the emulator.
"""
