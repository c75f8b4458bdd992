"""Guided photo capture: the shot list, the zones of the car a photo shows, and a quality check per photo."""
