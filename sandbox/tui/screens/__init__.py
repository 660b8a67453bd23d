"""The console's screens: profile detail, the PQL editor, prompts, faults and help."""
