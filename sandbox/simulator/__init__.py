"""The simulator core: profiles, audiences and destinations on an injected clock, announced on a bus."""
