"""Actors: the gazetteer of canonical actors and the linker that finds their mentions."""
from geowire.actors.gazetteer import Gazetteer, load_gazetteer
from geowire.actors.linker import link_actors

__all__ = ["Gazetteer", "link_actors", "load_gazetteer"]
