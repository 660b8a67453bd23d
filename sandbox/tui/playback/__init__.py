"""Demo mode's narrated playback in the console: the presenter's keys and what the story shows."""
