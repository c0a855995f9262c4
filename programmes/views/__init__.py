"""Views of the programmes app, split by page group."""
