"""A static site generator for campaign notices (通知): Markdown + YAML in, an archive site out."""

__version__ = "0.1.0"
