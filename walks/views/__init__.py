"""Views of the walks app: staff pages, the public walk link, checklists."""
