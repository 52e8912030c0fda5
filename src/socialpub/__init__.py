"""socialpub: articles in, social-media posts out, each published exactly once."""

__version__ = "0.1.0"
